package io.cutwatch.hazelcast;

/**
 * A {@link io.cutwatch.snapshot.LocalSnapshot} as stored in the snapshot store IMap (Compact).
 * {@code state} is the Hazelcast serialized form of the captured state; channel {@code k} is
 * {@code channelFroms[k] -> processId} and holds {@code channelCounts[k]} recorded payloads,
 * whose serialized forms are {@code payloadLengths} long, in order, in {@code payloads}.
 * {@code assembler} is the UUID of the member that assembles the snapshot (only it hears of the
 * piece), or "" when the publishing member did not know it (then every member hears of it).
 */
public record StoredPiece(long snapshotId, String processId, long[] frontier, byte[] state,
                          String[] channelFroms, int[] channelCounts, int[] payloadLengths, byte[] payloads,
                          String assembler) {
    /** What the piece recorded, in bytes as encoded: the state plus the payloads of its channel states. */
    long recordedBytes() {
        return (long) state.length + payloads.length;
    }

    /** This piece addressed to the assembling member {@code member} (UUID; "" if unknown: every member hears of it). */
    StoredPiece assembledBy(String member) {
        return new StoredPiece(snapshotId, processId, frontier, state, channelFroms, channelCounts, payloadLengths,
                payloads, member);
    }
}
