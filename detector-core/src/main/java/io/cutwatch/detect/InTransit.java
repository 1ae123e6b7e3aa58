package io.cutwatch.detect;

import io.cutwatch.model.ChannelId;

import java.util.Objects;

/**
 * The view of one message in transit across a snapshot's cut.
 *
 * @param channel  the channel it travels on
 * @param position its index in the channel's recorded state (0 = sent first)
 * @param view     what the {@link MessageView} made of it
 * @param <M>      the view type
 */
public record InTransit<M>(ChannelId channel, int position, M view) {
    public InTransit {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(view, "view");
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position + " on " + channel);
        }
    }
}
