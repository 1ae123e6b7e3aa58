package io.cutwatch.dashboard;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.cutwatch.architecture.Layering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dashboard module's boundaries: no Hazelcast type (it reads the backend's own records), the
 * Hazelcast backend only in {@code io.cutwatch.dashboard.hazelcast} (an optional dependency), no
 * detector module (results are drawn through the core's neutral {@code Viewable}), no package cycles.
 */
class DashboardArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = Layering.mainClassesOfThisModule();
    }

    @Test
    void noHazelcastTypes() {
        Layering.noHazelcastTypes().check(classes);
    }

    @Test
    void onlyTheHazelcastPackageUsesTheHazelcastModule() {
        Layering.hazelcastModuleOnlyIn("io.cutwatch.dashboard.hazelcast").check(classes);
    }

    @Test
    void noDetectorModuleOrApplication() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.cutwatch.deadlock..", "io.cutwatch.gc..",
                "io.cutwatch.bank..", "io.cutwatch.causality..")
                .because("data flows one way: the demos depend on the dashboard, never the reverse")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        Layering.noPackageCycles().check(classes);
    }
}
