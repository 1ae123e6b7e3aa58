package io.cutwatch.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {
    @Test
    void completeAndRing() {
        Topology c = Topology.complete("a", "b", "c");
        assertEquals(6, c.channels().size());
        assertEquals(List.of(ChannelId.of("b", "a"), ChannelId.of("c", "a")), c.inbound("a"));
        Topology r = Topology.ring("a", "b", "c");
        assertEquals(List.of(ChannelId.of("a", "b")), r.outbound("a"));
        assertEquals(2, r.indexOf("c"));
    }

    @Test
    void rejectsTopologiesSnapshotsCannotCover() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(List.of("a", "b", "c"), List.of(ChannelId.of("a", "b"), ChannelId.of("b", "a"))));
        assertTrue(e.getMessage().contains("not strongly connected") && e.getMessage().contains("c"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topology.complete("a", "a"));
        assertThrows(IllegalArgumentException.class,
                () -> Topology.of(List.of("a", "b"), List.of(ChannelId.of("a", "x"))));
        UnknownProcessException u = assertThrows(UnknownProcessException.class, () -> Topology.ring("a", "b").inbound("q"));
        assertTrue(u.getMessage().contains("'q'"));
        ChannelNotInTopologyException ch = assertThrows(ChannelNotInTopologyException.class,
                () -> Topology.ring("a", "b", "c").requireChannel(ChannelId.of("a", "c"), "test"));
        assertTrue(ch.getMessage().contains("a->c"));
    }
}
