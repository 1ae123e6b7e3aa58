package io.cutwatch.runtime;

import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The Cutwatch core of one member as its {@link Backend} sees it: the only thing a backend knows
 * of the core (the reverse of {@link Backend}, which is the only thing the core knows of the
 * platform). The core hands it to the backend once, through {@link Backend#bind}, before any
 * process starts. A backend delivers here what arrived from elsewhere: pieces and failures at the
 * central location, requests to initiate at a process hosted here, and lost processes.
 *
 * <p>Threading: every method is thread-safe and returns without waiting for the network; the
 * core never calls back into the backend from inside these methods except through the
 * non-blocking {@link SnapshotCollector} and {@link Backend#schedule}.
 */
public interface CoreEndpoint {
    /** {@link #pieceArrived(LocalSnapshot, long)} with its encoded size unknown (a backend that does not encode pieces). */
    default void pieceArrived(LocalSnapshot<?> piece) {
        pieceArrived(piece, SIZE_UNKNOWN);
    }

    /**
     * A local snapshot reached the central location; assembled if its snapshot is assembled here,
     * ignored otherwise. {@code recordedBytes} is the size in bytes of what the piece recorded as
     * the backend carried it (the encoded state plus the encoded messages of its channel states),
     * or {@link #SIZE_UNKNOWN}.
     */
    void pieceArrived(LocalSnapshot<?> piece, long recordedBytes);

    /** The size of a piece a backend does not encode. */
    long SIZE_UNKNOWN = -1;

    /** A process could not record a snapshot, or its piece could not be carried; fails it if it is assembled here. */
    void failureArrived(SnapshotFailure failure);

    /**
     * Starts {@code snapshotId} at {@code processId}, if that process is hosted here (a request
     * from the member that initiated it). Returns false if it is not hosted here.
     */
    boolean initiateAt(String processId, long snapshotId);

    /** Whether {@code snapshotId} was initiated here and is still being assembled here. O(1). */
    boolean assemblesHere(long snapshotId);

    /**
     * Where {@code snapshotId} stands on this member, for another member's
     * {@link Backend#progressElsewhere} question: of {@code processes}, those hosted here that have
     * not finished their part, with the channels they still await a marker on; of
     * {@code channels}, those with an end hosted here, with their backlog on that side. Any thread; does not
     * wait for any process.
     */
    HostedProgress hostedProgress(long snapshotId, Set<String> processes, Set<ChannelId> channels);

    /** Ids of the snapshots being assembled here (a copy). */
    Set<Long> assemblingHere();

    /**
     * Processes became unreachable (their member left): fails every snapshot assembled here that
     * still needs a piece of one of them, with {@code failureFor} applied to its id. Returns the
     * ids failed.
     */
    List<Long> processesLost(Set<String> processes, LongFunction<SnapshotFailure> failureFor);
}
