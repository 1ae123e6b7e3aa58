package io.cutwatch.hazelcast;

/**
 * One ringbuffer item on a channel: a run of consecutive envelopes of one channel, in send
 * order. Serialized with Hazelcast Compact (zero-config; this record is deliberately not
 * {@link java.io.Serializable}, so it never goes through Java serialization).
 *
 * <p>Layout: envelope {@code i} has sequence {@code seqs[i]}, snapshot id {@code snapshotIds[i]}
 * ({@code -1} for an application message, the snapshot id for a marker), vector clock
 * {@code clocks[i*w .. i*w+w-1]} with {@code w = clocks.length / seqs.length}, and payload bytes
 * {@code payloadLengths[i]} long (0 for a marker) taken in order from {@code payloads}. A payload
 * is the Hazelcast serialized form ({@code Data}) of the application object. Part of the wire
 * format: changing it breaks mixed-version clusters.
 */
public record WireBatch(String from, String to, long[] seqs, long[] snapshotIds, long[] clocks,
                        int[] payloadLengths, byte[] payloads) {
}
