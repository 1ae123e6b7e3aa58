package io.cutwatch.snapshot;

/**
 * What one {@link ChandyLamport} engine knows about one snapshot id, as answered by
 * {@link ChandyLamport#status(long)}. The status describes this process only: a snapshot
 * {@link #COMPLETED} here may still fail elsewhere or at the assembler.
 *
 * <p>An id moves {@code UNKNOWN -> RECORDING -> COMPLETED}, or to {@code FAILED} from
 * {@code UNKNOWN} (the state capture threw) or from {@code RECORDING} (a capture failure or
 * {@link ChandyLamport#failAll}). {@code COMPLETED} and {@code FAILED} move to {@code FORGOTTEN}
 * once the engine's memory bound pushes the id out; an {@code UNKNOWN} id can become
 * {@code FORGOTTEN} too, without ever having been seen (see {@link ChandyLamport} on memory).
 */
public enum SnapshotStatus {
    /** Never seen here, and not older than what this engine remembers: a marker or initiation starts it. */
    UNKNOWN,
    /** In flight here: the state is recorded, some incoming channels still await their marker. */
    RECORDING,
    /**
     * All markers arrived and the local snapshot was handed out once, in {@link Effects#completed()}.
     * {@link ChandyLamport#awaitingMarkers} is empty.
     */
    COMPLETED,
    /**
     * Failed here; the failure was handed out once, in {@link Effects#failure()} or by
     * {@link ChandyLamport#failAll}. The snapshot may still be in flight (its recording absorbs
     * the markers still due, {@link ChandyLamport#awaitingMarkers} is non-empty) or finished
     * (empty). No local snapshot is ever produced for it.
     */
    FAILED,
    /**
     * Not in flight, and at or below {@link ChandyLamport#forgottenUpTo()}: this engine no longer
     * knows whether it saw the id. A marker or initiation for it is refused with
     * {@link ForgottenSnapshotException}, never recorded.
     */
    FORGOTTEN
}
