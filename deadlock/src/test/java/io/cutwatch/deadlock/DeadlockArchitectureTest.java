package io.cutwatch.deadlock;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.cutwatch.architecture.Layering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deadlock module's boundaries: no Hazelcast in its main classes (tests may use a cluster), no package cycles. */
class DeadlockArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
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
