package io.cutwatch.model;

/** A channel that the topology does not contain (e.g. a chord in a ring). */
public final class ChannelNotInTopologyException extends CutwatchException {
    private final ChannelId channel;

    public ChannelNotInTopologyException(ChannelId channel, String where) {
        super("channel " + channel + " is not in the topology (" + where
                + "); declare it in the Topology or route the message through a neighbour");
        this.channel = channel;
    }

    public ChannelId channel() {
        return channel;
    }
}
