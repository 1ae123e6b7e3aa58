package io.cutwatch.snapshot;

/**
 * Why a snapshot failed, as a value a caller can switch on (the wording of messages may change;
 * these constants do not). Each failure names the processes, channels or member involved in
 * its {@link SnapshotFailure}.
 */
public enum FailureReason {
    /** Not every local snapshot arrived in time; names the processes missing and, where known, the channels still awaiting markers. */
    TIMEOUT,
    /** A member that hosted processes the snapshot needed left the cluster; names the member and its processes. */
    MEMBER_LOST,
    /** A process the snapshot needs is hosted nowhere (never started, or its host is unreachable). */
    PROCESS_LOST,
    /** A process's state capture threw; names the process. */
    CAPTURE_THREW,
    /** An incoming channel broke FIFO (gap, duplicate, reorder) or carried an invalid envelope while the snapshot recorded it. */
    CHANNEL_FAULT,
    /** The pieces do not form a consistent cut, or do not cover the topology. */
    INCONSISTENT_CUT,
    /** A completed local snapshot could not be carried to the central location (serialization or store failure). */
    PIECE_NOT_STORED,
    /** The snapshot was abandoned on purpose (service closed, id reused, caller cancelled). */
    CANCELLED
}
