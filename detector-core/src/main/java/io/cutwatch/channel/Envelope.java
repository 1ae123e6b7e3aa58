package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;

import java.util.Objects;

/**
 * What travels on a channel: an application payload or a Chandy-Lamport marker, stamped with
 * the channel, its per-channel sequence number (starting at 1, counting markers and payloads
 * alike) and the sender's vector clock at the send.
 *
 * <p>The receiver checks {@link #seq()} against the channel's expected sequence; any gap,
 * duplicate or reorder is a {@link ChannelFault}. A marker carries the snapshot id in
 * {@link #snapshotId()} and a {@code null} payload; an application message has
 * {@code snapshotId == NO_SNAPSHOT}. A marker's clock is never read (markers are not events: the
 * receiving process records its own clock), so a transport may hand a marker over with the zero
 * clock of the topology's width.
 */
public record Envelope(ChannelId channel, long seq, VectorClock clock, Object payload, long snapshotId) {
    /** The snapshot id of an application message. */
    public static final long NO_SNAPSHOT = -1L;

    public Envelope {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(clock, "clock");
        if (seq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, got " + seq + " on " + channel);
        }
        if (snapshotId == NO_SNAPSHOT && payload == null) {
            throw new IllegalArgumentException("an application message needs a payload on " + channel);
        }
        if (snapshotId != NO_SNAPSHOT && snapshotId < 0) {
            throw new IllegalArgumentException("snapshot ids are >= 0, got " + snapshotId + " on " + channel);
        }
    }

    public static Envelope message(ChannelId channel, long seq, VectorClock clock, Object payload) {
        return new Envelope(channel, seq, clock, Objects.requireNonNull(payload, "payload"), NO_SNAPSHOT);
    }

    public static Envelope marker(ChannelId channel, long seq, VectorClock clock, long snapshotId) {
        if (snapshotId < 0) {
            throw new IllegalArgumentException("snapshot ids are >= 0, got " + snapshotId);
        }
        return new Envelope(channel, seq, clock, null, snapshotId);
    }

    public boolean isMarker() {
        return snapshotId != NO_SNAPSHOT;
    }

    /** {@code from->to#seq}: unique per message within one run. */
    public String messageId() {
        return channel + "#" + seq;
    }
}
