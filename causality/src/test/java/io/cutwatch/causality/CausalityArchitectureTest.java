package io.cutwatch.causality;

import io.cutwatch.architecture.DetectorModuleBoundaries;

/** The causality module's boundaries: no Hazelcast in its main classes, no package cycles. */
class CausalityArchitectureTest extends DetectorModuleBoundaries {
}
