package io.cutwatch.hazelcast;

import io.cutwatch.channel.Envelope;
import io.cutwatch.channel.Transport;
import io.cutwatch.model.ChannelId;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The receiving end of one channel hosted here, where its two paths meet: the channel's own
 * ringbuffer (every envelope, read by a {@link ChannelReader}) and the early copies of its
 * markers (a {@link MarkerLink} of the member pair, or a direct hand-over when sender and
 * receiver share a member). It hands each envelope to the process exactly once and in sequence
 * order, so the channel stays FIFO whichever path is faster:
 *
 * <ul>
 *   <li>an early marker with sequence number {@code s} is handed over as soon as everything up to
 *       {@code s - 1} was, and held until then;</li>
 *   <li>its copy in the ringbuffer stream (written in front of the next envelope of the channel)
 *       is then dropped; if the ringbuffer copy comes first, the early one is dropped.</li>
 * </ul>
 *
 * Anything else on the ringbuffer path (gaps, duplicates, reorders) is handed over untouched for
 * the process's sequence check to report. Cost: O(log h) per envelope for h held markers.
 *
 * <p>Threading: both paths call in from any thread; state is guarded by {@code this}, and the
 * hand-over ({@link Transport.Receiver#receive}, which only enqueues) happens under it so the
 * order is kept.
 */
final class InboundChannel {
    private final ChannelId channel;
    private final Transport.Receiver receiver;
    /** Highest sequence number handed over; sequence numbers start at 1. */
    private long last;
    /** Early markers waiting for their predecessors, by sequence number. */
    private final TreeMap<Long, Envelope> held = new TreeMap<>();
    /** Sequence numbers of markers handed over early whose ringbuffer copies have not come yet. */
    private final Set<Long> early = new HashSet<>();
    private long delivered;
    private long earlyMarkers;

    InboundChannel(ChannelId channel, Transport.Receiver receiver) {
        this.channel = channel;
        this.receiver = receiver;
    }

    ChannelId channel() {
        return channel;
    }

    /** An envelope read from the channel's ringbuffer, in stream order. */
    synchronized void fromChannel(Envelope e) {
        if (e.isMarker() && early.remove(e.seq())) {
            return;
        }
        hand(e);
        // A held early copy of a marker the stream has now delivered is dropped.
        held.headMap(last, true).clear();
        releaseHeld();
    }

    /** An early copy of a marker of this channel. */
    synchronized void fromLink(Envelope marker) {
        long s = marker.seq();
        if (s <= last) {
            return;
        }
        if (s == last + 1) {
            early.add(s);
            hand(marker);
            earlyMarkers++;
            releaseHeld();
        } else {
            held.put(s, marker);
        }
    }

    private void releaseHeld() {
        while (!held.isEmpty() && held.firstKey() == last + 1) {
            Envelope m = held.pollFirstEntry().getValue();
            early.add(m.seq());
            hand(m);
            earlyMarkers++;
        }
    }

    private void hand(Envelope e) {
        last = Math.max(last, e.seq());
        delivered++;
        receiver.receive(e);
    }

    /** Envelopes handed to the process (each once, whichever path carried it). */
    synchronized long delivered() {
        return delivered;
    }

    /** Markers handed over from the early path. */
    synchronized long earlyMarkers() {
        return earlyMarkers;
    }
}
