package io.cutwatch.deadlock;

import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel-state rules on hand-built snapshots of a process-level application: each process
 * records whom it waits for; {@code Ask} is a request, {@code Reply} a grant.
 */
class SnapshotWaitsTest {
    record Waiting(Set<String> on) {
    }

    record Ask(String resource) {
    }

    record Reply(String resource) {
    }

    /** Process-level AND adapter: vertices are processes, a request from p to q means p waits for q. */
    static class ProcessAdapter implements WaitForAdapter<Waiting> {
        @Override
        public Class<Waiting> stateType() {
            return Waiting.class;
        }

        @Override
        public Collection<WaitForEdge> waits(String process, Waiting state) {
            List<WaitForEdge> out = new ArrayList<>();
            for (String q : state.on()) {
                out.add(new WaitForEdge(process, q, "reply"));
            }
            return out;
        }

        @Override
        public InTransitEffect inTransit(ChannelId channel, Object payload, Waiting receiver) {
            if (payload instanceof Ask) {
                return InTransitEffect.adds(new WaitForEdge(channel.from(), channel.to(), "reply"));
            }
            if (payload instanceof Reply) {
                return InTransitEffect.ends(WaitEnd.exactly(channel.to(), channel.from(), "reply"));
            }
            return InTransitEffect.none();
        }
    }

    static final Topology RING3 = Topology.complete("a", "b", "c");

    @SuppressWarnings({"unchecked", "rawtypes"})
    static GlobalSnapshot<Object> snapshot(Map<String, Object> states, Map<ChannelId, List<Object>> inTransit) {
        List<LocalSnapshot<Object>> pieces = new ArrayList<>();
        for (String p : RING3.processes()) {
            Map<ChannelId, List<Object>> chans = new HashMap<>();
            for (ChannelId c : RING3.inbound(p)) {
                chans.put(c, inTransit.getOrDefault(c, List.of()));
            }
            pieces.add(new LocalSnapshot<>(1, p, states.get(p), chans, VectorClock.zero(3)));
        }
        return GlobalSnapshot.assemble(1, RING3, pieces);
    }

    final DeadlockDetector<Waiting> detector = new DeadlockDetector<>(new ProcessAdapter());

    @Test
    void recordedWaitsAloneFormTheCycle() {
        DeadlockReport r = detector.detect(snapshot(Map.of("a", new Waiting(Set.of("b")), "b",
                new Waiting(Set.of("c")), "c", new Waiting(Set.of("a"))), Map.of()));
        assertTrue(r.found());
        assertEquals("a -[reply]-> b -[reply]-> c -[reply]-> a", r.deadlocks().get(0).cycleText());
        assertEquals(List.of(), r.inTransit());
    }

    @Test
    void aGrantInTransitMeansTheWaiterNoLongerWaits() {
        // c still records waiting for a, but a's reply to c is on its way: no deadlock.
        DeadlockReport r = detector.detect(snapshot(Map.of("a", new Waiting(Set.of("b")), "b",
                new Waiting(Set.of("c")), "c", new Waiting(Set.of("a"))),
                Map.of(ChannelId.of("a", "c"), List.of("noise", new Reply("x")))));
        assertFalse(r.found(), r.summary());
        assertEquals(1, r.inTransit().size());
        assertEquals(ChannelId.of("a", "c"), r.inTransit().get(0).channel());
        assertEquals(1, r.inTransit().get(0).position(), "position in the channel's recorded state");
        assertEquals(2, r.graph().edgeCount());
    }

    @Test
    void aRequestInTransitMeansTheSenderWaitsThoughTheReceiverHasNotSeenIt() {
        // c's request to a is on its way; c's own recorded state (recorded before it asked) has no wait; the request is the only
        // source of the edge c -> a, which closes the cycle.
        DeadlockReport r = detector.detect(snapshot(Map.of("a", new Waiting(Set.of("b")), "b",
                new Waiting(Set.of("c")), "c", new Waiting(Set.of())),
                Map.of(ChannelId.of("c", "a"), List.of(new Ask("x")))));
        assertTrue(r.found(), r.summary());
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(r.deadlocks().get(0).members()));
        assertEquals("c", r.deadlocks().get(0).victim());
    }

    @Test
    void theAdapterChoosesTheModelACycleWithAWayOutIsNoOrDeadlock() {
        // a -> b -> a, and b may also be freed by c, which waits for nobody.
        Map<String, Object> states = Map.of("a", new Waiting(Set.of("b")), "b", new Waiting(Set.of("a", "c")),
                "c", new Waiting(Set.of()));
        WaitForAdapter<Waiting> or = new ProcessAdapter() {
            @Override
            public WaitModel model() {
                return WaitModel.OR;
            }
        };
        assertTrue(detector.detect(snapshot(states, Map.of())).found(), "AND: b needs a and c, a cycle is a deadlock");
        DeadlockReport r = new DeadlockDetector<>(or).detect(snapshot(states, Map.of()));
        assertEquals(WaitModel.OR, r.model());
        assertFalse(r.found(), "OR: c can free b: " + r.summary());
        // c now waits for a (its request in transit): {a, b, c} is a knot.
        DeadlockReport knot = new DeadlockDetector<>(or).detect(snapshot(states,
                Map.of(ChannelId.of("c", "a"), List.of(new Ask("x")))));
        assertTrue(knot.found(), knot.summary());
        assertEquals(List.of("a", "b", "c"), knot.deadlocks().get(0).members());
    }

    @Test
    void aStateOfTheWrongTypeIsAClearError() {
        WaitForAdapterException e = assertThrows(WaitForAdapterException.class, () -> detector.detect(snapshot(
                Map.of("a", new Waiting(Set.of()), "b", "oops", "c", new Waiting(Set.of())), Map.of())));
        assertTrue(e.getMessage().startsWith("snapshot 1: process b recorded a java.lang.String but the adapter"),
                e.getMessage());
    }

    @Test
    void anAdapterThatReturnsNullIsNamed() {
        WaitForAdapter<Waiting> nulls = new ProcessAdapter() {
            @Override
            public InTransitEffect inTransit(ChannelId channel, Object payload, Waiting receiver) {
                return null;
            }
        };
        WaitForAdapterException e = assertThrows(WaitForAdapterException.class, () -> new DeadlockDetector<>(nulls)
                .detect(snapshot(Map.of("a", new Waiting(Set.of()), "b", new Waiting(Set.of()), "c",
                        new Waiting(Set.of())), Map.of(ChannelId.of("b", "c"), List.of(new Ask("x"))))));
        assertTrue(e.getMessage().contains("returned null for message 0 in transit on b->c"), e.getMessage());
    }

    @Test
    void aWaitWithoutAHolderIsRefusedNamingTheProcess() {
        WaitForAdapter<Waiting> broken = new ProcessAdapter() {
            @Override
            public Collection<WaitForEdge> waits(String process, Waiting state) {
                return process.equals("b") ? List.of(new WaitForEdge(process, " ", "lock-7")) : List.of();
            }
        };
        WaitForAdapterException e = assertThrows(WaitForAdapterException.class, () -> new DeadlockDetector<>(broken)
                .detect(snapshot(Map.of("a", new Waiting(Set.of()), "b", new Waiting(Set.of()), "c",
                        new Waiting(Set.of())), Map.of())));
        assertTrue(e.getMessage().startsWith("snapshot 1: the adapter threw reading the waits of process b"),
                e.getMessage());
        assertTrue(e.getMessage().contains("the holder of a wait on 'lock-7' is blank"), e.getMessage());
    }

    @Test
    void theDotHighlightsTheCycleAndTheVictim() {
        DeadlockReport r = detector.detect(snapshot(Map.of("a", new Waiting(Set.of("b")), "b",
                new Waiting(Set.of("a", "c")), "c", new Waiting(Set.of())), Map.of()));
        String dot = r.toDot();
        assertTrue(dot.startsWith("digraph waitfor {"), dot);
        assertEquals(2, dot.lines().filter(l -> l.contains("->") && l.contains("color=\"red\"")).count(), dot);
        assertEquals(1, dot.lines().filter(l -> l.contains("->") && !l.contains("color=\"red\"")).count(),
                "b -> c is not on the cycle: " + dot);
        assertTrue(dot.contains("label=\"b\" color=\"red\" style=\"filled\""), "b is the victim: " + dot);
        assertFalse(r.deadlockedDot().contains("label=\"c\""), "c is not deadlocked");
    }
}
