package io.cutwatch.hazelcast;

/**
 * One ringbuffer item on a member pair's marker link: early copies of markers of any channels
 * whose sender is hosted on {@code fromMember} and whose receiver is hosted on the link's other
 * member, one {@link WireBatch} per channel (markers of a channel in send order). Compact, like
 * {@link WireBatch}; part of the wire format.
 *
 * @param fromMember UUID of the writing member
 * @param batches    the markers, grouped by channel
 */
public record LinkBatch(String fromMember, WireBatch[] batches) {
}
