package io.cutwatch.metrics;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.cutwatch.architecture.Layering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


/**
 * The metrics module's boundaries: no Hazelcast type (the channel meters read the backend's own
 * records), the Hazelcast backend only in {@code io.cutwatch.metrics.hazelcast} (an optional
 * dependency), no package cycles.
 */
class MetricsArchitectureTest {
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
        Layering.hazelcastModuleOnlyIn("io.cutwatch.metrics.hazelcast").check(classes);
    }

    @Test
    void noPackageCycles() {
        Layering.noPackageCycles().check(classes);
    }
}
