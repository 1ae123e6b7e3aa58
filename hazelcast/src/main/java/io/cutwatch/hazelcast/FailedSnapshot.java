package io.cutwatch.hazelcast;

import io.cutwatch.snapshot.SnapshotFailure;

/**
 * A failed snapshot as kept in the namespace's failure history (IMap
 * {@code cutwatch.<ns>.failures}, Compact): when it failed, the member that assembled it, and the
 * typed failure. Kept in the cluster, so it outlives the member (and a job driver) that saw it.
 *
 * @param snapshotId     the snapshot
 * @param failedAtMillis wall-clock time at the assembling member when it failed
 * @param assembledBy    the member (UUID) that initiated and assembled it
 * @param failure        the failure, as on the wire
 */
public record FailedSnapshot(long snapshotId, long failedAtMillis, String assembledBy, FailureNotice failure) {
    /** The typed failure. */
    public SnapshotFailure toFailure() {
        return failure.toFailure();
    }
}
