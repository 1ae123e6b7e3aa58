package io.cutwatch.gc;

import io.cutwatch.architecture.DetectorModuleBoundaries;

/** The gc module's boundaries: no Hazelcast in its main classes, no package cycles. */
class GcArchitectureTest extends DetectorModuleBoundaries {
}
