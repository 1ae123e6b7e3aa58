package io.cutwatch.hazelcast;

/**
 * One ringbuffer item on a member pair's marker link: early copies of markers of any channels
 * whose sender is hosted on {@code fromMember} and whose receiver is hosted on the link's other
 * member, in send order. Flat arrays (one Compact record, no nesting, so encoding costs O(total
 * size) with no per-channel record): marker {@code i} is on channel {@code froms[i] -> tos[i]}
 * (indices of processes in the topology) with sequence number {@code seqs[i]} and snapshot id
 * {@code snapshotIds[i]}: 24 bytes a marker. No vector clock: markers are not events (a process
 * records its own clock at its first marker, and the cut is checked on the pieces' frontiers), so
 * the receiver hands the marker over with the zero clock. Part of the wire format.
 *
 * @param fromMember  UUID of the writing member
 * @param froms       index in the topology of the sending process of each marker
 * @param tos         index in the topology of the receiving process of each marker
 * @param seqs        sequence number of each marker on its channel
 * @param snapshotIds snapshot id of each marker
 */
public record LinkBatch(String fromMember, int[] froms, int[] tos, long[] seqs, long[] snapshotIds) {
}
