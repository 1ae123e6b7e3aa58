package io.cutwatch;

import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

/**
 * Observes the outcomes of the snapshots assembled here (metrics, health). Register with
 * {@link Snapshots#observe}; with no observer registered the snapshot service does no extra work.
 *
 * <p>Callbacks run on the thread that caused the event (the initiating caller, the thread that
 * delivered the last piece, a timer or a membership thread), outside the service's lock; they
 * must be quick and must not block. A throwing observer is logged and ignored.
 */
public interface SnapshotObserver {
    /** Snapshot {@code snapshotId} was registered here and its initiation is about to start. */
    default void initiated(long snapshotId) {
    }

    /**
     * A snapshot initiated here completed and the backend carried every piece encoded, in
     * {@code recordedBytes} bytes in all (recorded states plus messages recorded in transit, as
     * encoded; see {@link io.cutwatch.runtime.CoreEndpoint#pieceArrived(io.cutwatch.snapshot.LocalSnapshot, long)}).
     * Called just before {@link #completed}; not called on a backend that does not encode pieces
     * (the simulator).
     */
    default void recordedBytes(long snapshotId, long recordedBytes) {
    }

    /** A snapshot initiated here completed; called before the {@link Snapshots#onSnapshot} listeners. */
    default void completed(GlobalSnapshot<?> snapshot) {
    }

    /** A snapshot initiated here failed with {@code failure} (exactly once per snapshot). */
    default void failed(SnapshotFailure failure) {
    }
}
