package io.cutwatch.hazelcast;

/**
 * The index entry of a retained snapshot: its id, when it was assembled (epoch millis, the
 * assembling member's clock), the member that assembled it and how many processes it covers.
 */
public record SnapshotInfo(long snapshotId, long completedAtMillis, String assembledBy, int processes) {
}
