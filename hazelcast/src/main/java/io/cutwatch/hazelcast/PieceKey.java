package io.cutwatch.hazelcast;

/** Key of one stored local snapshot in the snapshot store: (snapshot id, process id). Compact-serialized. */
public record PieceKey(long snapshotId, String processId) {
}
