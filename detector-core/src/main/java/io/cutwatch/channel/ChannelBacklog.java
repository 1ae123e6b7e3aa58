package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;

import java.util.Objects;

/**
 * What one channel holds between its two ends right now: envelopes the sender has not written
 * yet (waiting for the receive window to open or for a write to finish), items written that the
 * receiver has not acknowledged (acknowledgements are batched, so a healthy channel shows a few),
 * and items the receiving member has read and handed to the process but the process has not
 * handled yet. A marker behind any of them is not delivered yet, which is what makes a snapshot
 * wait on a slow or paused receiver. Each side is read on the member hosting it (zero for a side
 * that member does not host); {@link #plus} joins the two. A point-in-time reading; each figure is
 * exact, the set is not read atomically.
 *
 * @param channel              the channel
 * @param queuedAtSender       envelopes waiting in the sender, not yet written to the channel
 * @param unacknowledgedItems  items (batches of envelopes) written but not yet acknowledged by the receiver
 * @param unprocessedItems     items read by the receiving member whose envelopes the process has not handled yet
 */
public record ChannelBacklog(ChannelId channel, long queuedAtSender, long unacknowledgedItems, long unprocessedItems) {
    public ChannelBacklog {
        Objects.requireNonNull(channel, "channel");
        if (queuedAtSender < 0 || unacknowledgedItems < 0 || unprocessedItems < 0) {
            throw new IllegalArgumentException("negative backlog on " + channel + ": " + queuedAtSender + " queued, "
                    + unacknowledgedItems + " unacknowledged, " + unprocessedItems + " unprocessed");
        }
    }

    /** The two sides of one channel, each read where it is hosted, as one reading. */
    public ChannelBacklog plus(ChannelBacklog other) {
        if (!channel.equals(other.channel)) {
            throw new IllegalArgumentException("cannot add the backlog of " + other.channel + " to that of " + channel);
        }
        return new ChannelBacklog(channel, queuedAtSender + other.queuedAtSender,
                unacknowledgedItems + other.unacknowledgedItems, unprocessedItems + other.unprocessedItems);
    }

    /**
     * Whether envelopes wait at either end (queued at the sender, or read but unprocessed at the
     * receiver), so a marker sent now would wait behind them. Unacknowledged items alone do not
     * count: acknowledgements are batched, so a healthy channel always shows a few.
     */
    public boolean holdsBack() {
        return queuedAtSender > 0 || unprocessedItems > 0;
    }

    /** Whether nothing waits on the channel. */
    public boolean isEmpty() {
        return queuedAtSender == 0 && unacknowledgedItems == 0 && unprocessedItems == 0;
    }

    /** E.g. {@code b->c: 3 queued at the sender, 2 items unacknowledged, 2 items unprocessed by c}. */
    public String describe() {
        return channel + ": " + queuedAtSender + " queued at the sender, " + unacknowledgedItems
                + " items unacknowledged, " + unprocessedItems + " items unprocessed by " + channel.to();
    }
}
