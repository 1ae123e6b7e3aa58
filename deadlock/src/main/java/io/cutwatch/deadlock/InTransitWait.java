package io.cutwatch.deadlock;

import io.cutwatch.model.ChannelId;

/**
 * A message recorded in transit that changed the wait-for graph, as listed in a report.
 *
 * @param channel  the channel it was recorded on
 * @param position its index in the channel's recorded state (send order, 0 first)
 * @param payload  the message
 * @param effect   what the adapter said it does
 */
public record InTransitWait(ChannelId channel, int position, Object payload, InTransitEffect effect) {
    @Override
    public String toString() {
        return channel + " #" + position + " " + payload + ": " + effect;
    }
}
