package io.cutwatch.runtime;

import io.cutwatch.snapshot.LocalSnapshot;

/**
 * Carries local snapshots and local failures from processes to the central location where the
 * {@link io.cutwatch.Snapshots} assembles them. In memory for the simulator, an
 * IMap on a cluster.
 */
public interface SnapshotCollector {
    /** Receives pieces at the central location. */
    interface Listener {
        void onPiece(LocalSnapshot<?> piece);

        void onFailure(long snapshotId, String processId, String reason);
    }

    /** Called once, before any piece is published, by the snapshot service. */
    void listen(Listener listener);

    /** Publishes a completed local snapshot (called on the process's thread). */
    void publish(LocalSnapshot<?> piece);

    /** Publishes that {@code processId} could not record {@code snapshotId}. */
    void publishFailure(long snapshotId, String processId, String reason);
}
