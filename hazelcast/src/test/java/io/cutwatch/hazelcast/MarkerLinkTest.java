package io.cutwatch.hazelcast;

import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Link items: markers by process index without clocks, and what a malformed item loses. */
class MarkerLinkTest {
    static final Topology RING = Topology.ring("a", "b", "c", "d");
    static final VectorClock ZERO = VectorClock.zero(4);

    @Test
    void markersTravelAsIndicesAndComeBackInOrderWithTheZeroClock() {
        List<Envelope> sent = List.of(
                Envelope.marker(ChannelId.of("a", "b"), 5, VectorClock.of(3, 1, 0, 0), 77),
                Envelope.marker(ChannelId.of("c", "d"), 1, VectorClock.of(0, 0, 9, 2), 77),
                Envelope.marker(ChannelId.of("d", "a"), 12, VectorClock.of(1, 1, 1, 8), 78));
        LinkBatch item = MarkerLink.encode("m1", RING, sent);
        assertEquals(List.of(0, 2, 3), asList(item.froms()));
        assertEquals(List.of(1, 3, 0), asList(item.tos()));
        List<String> rejected = new ArrayList<>();
        List<Envelope> got = MarkerLink.decode(item, RING, ZERO, rejected::add);
        assertEquals(List.of(), rejected);
        assertEquals(3, got.size());
        for (int i = 0; i < 3; i++) {
            Envelope s = sent.get(i);
            Envelope g = got.get(i);
            assertEquals(s.channel(), g.channel());
            assertEquals(s.seq(), g.seq());
            assertEquals(s.snapshotId(), g.snapshotId());
            assertTrue(g.isMarker());
            assertEquals(ZERO, g.clock(), "markers carry no clock on the link");
        }
    }

    @Test
    void aMarkerOffTheTopologyIsRejectedAloneAndTheRestIsDelivered() {
        LinkBatch item = new LinkBatch("m1", new int[] {0, 7, 0, 1, 2}, new int[] {1, 0, 2, 1, 3},
                new long[] {1, 1, 1, 1, 0}, new long[] {5, 5, 5, 5, 5});
        List<String> rejected = new ArrayList<>();
        List<Envelope> got = MarkerLink.decode(item, RING, ZERO, rejected::add);
        assertEquals(List.of(ChannelId.of("a", "b")), got.stream().map(Envelope::channel).toList());
        assertEquals(4, rejected.size(), rejected.toString());
        assertTrue(rejected.get(0).contains("marker 1") && rejected.get(0).contains("outside a topology of 4"),
                rejected.get(0));
        assertTrue(rejected.get(1).contains("a->c is not a channel"), rejected.get(1));
        assertTrue(rejected.get(2).contains("marker 3"), rejected.get(2));
        assertTrue(rejected.get(3).contains("marker 4"), rejected.get(3));
    }

    @Test
    void arraysThatDoNotFitRejectTheWholeItem() {
        List<String> rejected = new ArrayList<>();
        assertEquals(List.of(), MarkerLink.decode(new LinkBatch("m1", new int[] {0}, new int[] {1, 2},
                new long[] {1}, new long[] {1}), RING, ZERO, rejected::add));
        assertEquals(List.of(), MarkerLink.decode(new LinkBatch("m1", null, null, null, null), RING, ZERO,
                rejected::add));
        assertEquals(2, rejected.size());
        assertTrue(rejected.get(0).contains("arrays do not fit"), rejected.get(0));
    }

    private static List<Integer> asList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }
}
