package io.cutwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The boundaries of a module built on detector-core that must run without a cluster (causality,
 * deadlock, gc): no Hazelcast type in its main classes (its tests may start one) and no package
 * cycle. A module states them with an empty subclass in its tests.
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
    void noPackageCycles() {
        Layering.noPackageCycles().check(classes);
    }
}
