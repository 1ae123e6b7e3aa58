package io.cutwatch.hazelcast;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.cutwatch.architecture.Layering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The adapter's boundaries: the backend knows the core only through the interfaces the core
 * hands it ({@code Backend}, {@code CoreEndpoint}, {@code SnapshotCollector}, {@code Transport}),
 * never the facade or a process's runtime; only the entry point {@link HazelcastCutwatch} builds
 * the facade. No package cycles.
 */
class HazelcastArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = Layering.mainClassesOfThisModule();
    }

    @Test
    void theBackendDoesNotReachBackIntoTheCore() {
        noClasses().that().doNotHaveFullyQualifiedName(HazelcastCutwatch.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName("io.cutwatch.Cutwatch")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.cutwatch.Snapshots")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.cutwatch.runtime.LogicalProcess")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        Layering.noPackageCycles().check(classes);
    }
}
