package io.cutwatch.runtime;

import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

/**
 * Carries local snapshots and local failures from processes to the central location, where the
 * backend hands them to the assembling member's {@link CoreEndpoint}. In memory for the
 * simulator, an IMap and a control topic on a cluster. The core calls it; it never calls the
 * core except through the {@link CoreEndpoint} it was bound to.
 */
public interface SnapshotCollector {
    /** Publishes a completed local snapshot (called on the process's thread; must not block). */
    void publish(LocalSnapshot<?> piece);

    /** Publishes that a process could not record a snapshot (any thread; must not block). */
    void publishFailure(SnapshotFailure failure);

    /** A snapshot initiated on this member failed (for a failure history); must not block. */
    default void failed(SnapshotFailure failure) {
    }

    /** A snapshot was assembled and checked on this member (for indexing, retention); must not block. */
    default void assembled(GlobalSnapshot<?> snapshot) {
    }
}
