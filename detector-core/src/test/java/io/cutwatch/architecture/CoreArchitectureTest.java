package io.cutwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** detector-core's boundaries: no platform, an engine that knows nothing above it, no package cycles. */
class CoreArchitectureTest {
    static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        core = Layering.mainClassesOfThisModule();
    }

    @Test
    void noHazelcastTypeInTheCore() {
        Layering.noHazelcastTypes().check(core);
    }

    @Test
    void theEngineImportsNothingFromRuntimeSimulatorOrDetection() {
        noClasses().that().resideInAPackage("io.cutwatch.snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cutwatch.runtime..", "io.cutwatch.sim..",
                        "io.cutwatch.detect..", "io.cutwatch.process..")
                .orShould().dependOnClassesThat().resideInAPackage("io.cutwatch")
                .because("the Chandy-Lamport engine is a pure state machine over the model (topology, channels, clocks)")
                .check(core);
    }

    @Test
    void theBaseModelDependsOnNothingElseOfCutwatch() {
        noClasses().that().resideInAnyPackage("io.cutwatch.model..", "io.cutwatch.clock..", "io.cutwatch.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("io.cutwatch", "io.cutwatch.snapshot..",
                        "io.cutwatch.runtime..", "io.cutwatch.sim..", "io.cutwatch.detect..", "io.cutwatch.process..",
                        "io.cutwatch.channel..")
                .check(core);
    }

    @Test
    void theGraphKernelDependsOnNothingOfCutwatch() {
        noClasses().that().resideInAPackage("io.cutwatch.graph..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.cutwatch.graph..", "java..")
                .because("the graph kernel is plain arrays and algorithms, shared by deadlock and gc")
                .check(core);
    }

    @Test
    void noPackageCycles() {
        Layering.noPackageCycles().check(core);
    }

    @Test
    void theCycleRuleSeesTheRootPackage() {
        // A guard on the rule itself: a class of the root package and one of a subpackage that
        // use each other must be reported as a cycle.
        JavaClasses cyclic = new ClassFileImporter().importClasses(io.cutwatch.ArchitectureFixture.class,
                ArchitectureFixtureBack.class);
        AssertionError e = assertThrows(AssertionError.class, () -> Layering.noPackageCycles().check(cyclic));
        assertTrue(e.getMessage().contains("io.cutwatch.architecture") && e.getMessage().contains("Cycle"),
                e.getMessage());
    }
}
