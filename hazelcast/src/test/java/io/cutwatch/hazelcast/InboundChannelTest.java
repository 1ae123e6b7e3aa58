package io.cutwatch.hazelcast;

import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two paths of a channel meet in order: every envelope handed over once, in sequence order. */
class InboundChannelTest {
    static final ChannelId AB = ChannelId.of("a", "b");

    final List<Long> handed = new ArrayList<>();
    final InboundChannel in = new InboundChannel(AB, e -> handed.add(e.seq()));

    static Envelope message(long seq) {
        return Envelope.message(AB, seq, VectorClock.of(seq, 0), "m" + seq);
    }

    static Envelope marker(long seq, long sid) {
        return Envelope.marker(AB, seq, VectorClock.of(seq, 0), sid);
    }

    @Test
    void anEarlyMarkerWaitsForTheMessagesSentBeforeItAndItsStreamCopyIsDropped() {
        in.fromChannel(message(1));
        in.fromLink(marker(3, 7));
        assertEquals(List.of(1L), handed, "the marker overtook message 2");
        in.fromChannel(message(2));
        assertEquals(List.of(1L, 2L, 3L), handed);
        in.fromChannel(marker(3, 7));
        in.fromChannel(message(4));
        assertEquals(List.of(1L, 2L, 3L, 4L), handed, "the stream copy of marker 3 was handed over again");
        assertEquals(4, in.delivered());
        assertEquals(1, in.earlyMarkers());
    }

    @Test
    void aMarkerDueAtOnceIsHandedOverAtOnce() {
        in.fromLink(marker(1, 7));
        in.fromLink(marker(2, 8));
        assertEquals(List.of(1L, 2L), handed);
        in.fromChannel(marker(1, 7));
        in.fromChannel(marker(2, 8));
        in.fromChannel(message(3));
        assertEquals(List.of(1L, 2L, 3L), handed);
    }

    @Test
    void whenTheStreamCopyComesFirstTheEarlyCopyIsDropped() {
        in.fromChannel(message(1));
        in.fromChannel(marker(2, 7));
        in.fromLink(marker(2, 7));
        in.fromChannel(message(3));
        assertEquals(List.of(1L, 2L, 3L), handed);
        assertEquals(0, in.earlyMarkers());
    }

    @Test
    void aHeldMarkerOvertakenByItsStreamCopyIsDroppedAndLaterHeldOnesFollowInOrder() {
        in.fromLink(marker(2, 7));
        in.fromLink(marker(4, 8));
        assertEquals(List.of(), handed);
        in.fromChannel(message(1));
        assertEquals(List.of(1L, 2L), handed, "marker 2 was due after message 1");
        in.fromChannel(marker(2, 7));
        in.fromChannel(message(3));
        assertEquals(List.of(1L, 2L, 3L, 4L), handed);
    }

    @Test
    void gapsAndDuplicatesOnTheStreamPassThroughForTheSequenceCheck() {
        in.fromChannel(message(2));
        in.fromChannel(message(2));
        in.fromChannel(message(1));
        assertEquals(List.of(2L, 2L, 1L), handed);
    }
}
