/**
 * Baselines to compare the snapshot-based deadlock detector with, on the same run:
 * {@link io.cutwatch.deadlock.baseline.NaivePollingDetector}, which reads each process's waits
 * one after the other without a consistent cut and so reports phantom deadlocks.
 */
package io.cutwatch.deadlock.baseline;
