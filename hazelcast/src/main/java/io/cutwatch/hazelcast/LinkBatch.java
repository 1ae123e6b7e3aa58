package io.cutwatch.hazelcast;

/**
 * One ringbuffer item on a member pair's marker link: early copies of markers of any channels
 * whose sender is hosted on {@code fromMember} and whose receiver is hosted on the link's other
 * member, in send order. Flat arrays (one Compact record, no nesting, so encoding costs O(total
 * size) with no per-channel record): marker {@code i} is on channel {@code froms[i] -> tos[i]}
 * with sequence number {@code seqs[i]}, snapshot id {@code snapshotIds[i]} and vector clock
 * number {@code clockOf[i]}, which is {@code clocks[k*w .. k*w+w-1]} for {@code k = clockOf[i]}
 * and the topology's width {@code w}. A process's markers of one snapshot all carry the clock
 * it recorded at (markers are not events), so they share one stored clock. Part of the wire
 * format.
 *
 * @param fromMember  UUID of the writing member
 * @param froms       sending process of each marker
 * @param tos         receiving process of each marker
 * @param seqs        sequence number of each marker on its channel
 * @param snapshotIds snapshot id of each marker
 * @param clockOf     index of each marker's clock in {@code clocks}
 * @param width       the width of every clock (the number of processes)
 * @param clocks      the distinct vector clocks, concatenated
 */
public record LinkBatch(String fromMember, String[] froms, String[] tos, long[] seqs, long[] snapshotIds,
                        int[] clockOf, int width, long[] clocks) {
}
