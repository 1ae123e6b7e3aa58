package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;
import io.cutwatch.model.CutwatchException;

/**
 * A breach of the FIFO, no-loss channel contract, seen by the receiver's sequence check.
 *
 * <p>Chandy-Lamport is only correct over FIFO reliable channels, so a fault fails every snapshot
 * in flight at the receiving process; it is never silently tolerated.
 */
public final class ChannelFault extends CutwatchException {
    /** What the sequence check saw. */
    public enum Kind {
        /** {@code actual > expected}: messages {@code expected..actual-1} are missing (lost or late). */
        GAP,
        /** {@code actual < expected} and {@code actual} was already delivered. */
        DUPLICATE,
        /** {@code actual < expected} and {@code actual} was missing: it arrived after later messages. */
        REORDER
    }

    private final ChannelId channel;
    private final Kind kind;
    private final long expected;
    private final long actual;

    public ChannelFault(ChannelId channel, Kind kind, long expected, long actual) {
        super("channel fault on " + channel + ": " + kind + " (expected seq " + expected + ", got " + actual
                + "); the channel is not FIFO/reliable, snapshots in flight at " + channel.to() + " fail");
        this.channel = channel;
        this.kind = kind;
        this.expected = expected;
        this.actual = actual;
    }

    public ChannelId channel() {
        return channel;
    }

    public Kind kind() {
        return kind;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
