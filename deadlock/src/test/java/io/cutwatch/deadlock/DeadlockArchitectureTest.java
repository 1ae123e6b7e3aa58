package io.cutwatch.deadlock;

import io.cutwatch.architecture.DetectorModuleBoundaries;

/** The deadlock module's boundaries: no Hazelcast in its main classes, no package cycles. */
class DeadlockArchitectureTest extends DetectorModuleBoundaries {
}
