package io.cutwatch.hazelcast;

import io.cutwatch.model.ChannelId;

/**
 * Counters of one channel as seen by this member: the sending side if the sender is hosted here,
 * the receiving side if the receiver is (zeros for a side hosted elsewhere). A point-in-time
 * copy; each counter is exact, the set is not read atomically.
 *
 * @param ringbuffer        the Hazelcast ringbuffer carrying the channel
 * @param envelopesSent     envelopes handed to the channel by the sending process
 * @param itemsPublished    ringbuffer items (batches) written
 * @param backlog           envelopes waiting in the sender for the window to open or a write to finish
 * @param maxBacklog        the largest backlog seen
 * @param windowStalls      times the sender found the receive window full and waited for an acknowledgement
 * @param lastPublished     ringbuffer sequence of the last item written (-1 before the first)
 * @param acknowledged      highest ringbuffer sequence the receiver has processed, as last heard by the sender
 * @param itemsRead         ringbuffer items read by the receiver (rejected ones included)
 * @param envelopesDelivered envelopes handed to the receiving process
 * @param rejected          items rejected as foreign or malformed
 * @param lostItems         items overwritten before the receiver read them (0 unless something bypassed the window)
 */
public record ChannelStats(ChannelId channel, String ringbuffer, long envelopesSent, long itemsPublished, long backlog,
                           long maxBacklog, long windowStalls, long lastPublished, long acknowledged, long itemsRead,
                           long envelopesDelivered, long rejected, long lostItems) {
}
