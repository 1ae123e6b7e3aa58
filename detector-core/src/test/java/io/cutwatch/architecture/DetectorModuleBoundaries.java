package io.cutwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries of a module built on detector-core that must run without a cluster (causality,
 * deadlock, gc): no Hazelcast type in its main classes (its tests may start one) and no package
 * cycle; only its runnable demo ({@code ..demo..}) may use the dashboard. A module states them with an empty subclass in its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DetectorModuleBoundaries {
    private JavaClasses classes;

    @BeforeAll
    void importClasses() {
        classes = Layering.mainClassesOfThisModule();
    }

    @Test
    void noHazelcastType() {
        Layering.noHazelcastTypes().check(classes);
    }

    @Test
    void onlyTheDemosUseTheDashboard() {
        noClasses().that().resideOutsideOfPackage("..demo..")
                .should().dependOnClassesThat().resideInAPackage("io.cutwatch.dashboard..")
                .because("the dashboard is an optional dependency of the runnable demos, never of the library")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        Layering.noPackageCycles().check(classes);
    }
}
