/**
 * Baselines to compare the snapshot-based garbage detector with, on the same recorded state:
 * {@link io.cutwatch.gc.baseline.ReferenceCountingCollector}, distributed reference counting with
 * local tracing (Java RMI's distributed GC), which never frees distributed garbage cycles.
 */
package io.cutwatch.gc.baseline;
