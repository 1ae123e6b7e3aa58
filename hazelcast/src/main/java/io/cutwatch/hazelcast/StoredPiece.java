package io.cutwatch.hazelcast;

/**
 * A {@link io.cutwatch.snapshot.LocalSnapshot} as stored in the snapshot store IMap (Compact).
 * {@code state} is the Hazelcast serialized form of the captured state; channel {@code k} is
 * {@code channelFroms[k] -> processId} and holds {@code channelCounts[k]} recorded payloads,
 * whose serialized forms are {@code payloadLengths} long, in order, in {@code payloads}.
 */
public record StoredPiece(long snapshotId, String processId, long[] frontier, byte[] state,
                          String[] channelFroms, int[] channelCounts, int[] payloadLengths, byte[] payloads) {
    /** What the piece recorded, in bytes as encoded: the state plus the payloads of its channel states. */
    long recordedBytes() {
        return (long) state.length + payloads.length;
    }
}
