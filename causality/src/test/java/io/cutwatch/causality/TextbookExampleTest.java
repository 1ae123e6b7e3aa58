package io.cutwatch.causality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** p: p0 p1 p2, q: q0 q1 q2, p1 sends m to q1 (the lecture example). */
class TextbookExampleTest {
    private final Trace t = Fixtures.textbook();

    @Test
    void clocksAreDerivedFromProcessOrderAndTheMessage() {
        assertEquals("[2, 0]", t.event("p1").clock().toString());
        assertEquals("[2, 2]", t.event("q1").clock().toString());
        assertEquals("[2, 3]", t.event("q2").clock().toString());
        assertEquals("[3, 0]", t.event("p2").clock().toString());
    }

    @Test
    void happenedBeforeAndConcurrency() {
        assertEquals(Causality.Relation.BEFORE, Causality.relation(t, "p0", "q1"));
        assertEquals(Causality.Relation.BEFORE, Causality.relation(t, "p1", "q2"));
        assertEquals(Causality.Relation.AFTER, Causality.relation(t, "q1", "p1"));
        assertEquals(Causality.Relation.CONCURRENT, Causality.relation(t, "p2", "q1"));
        assertEquals(Causality.Relation.CONCURRENT, Causality.relation(t, "p0", "q0"));
        assertEquals(Causality.Relation.SAME, Causality.relation(t, "q0", "q0"));
        assertTrue(Causality.happenedBefore(t, t.event("q0"), t.event("q2")));
        assertFalse(Causality.happenedBefore(t, t.event("q2"), t.event("q2")));
        assertTrue(Causality.concurrent(t, t.event("p2"), t.event("q2")));
    }

    @Test
    void latticeHasExactlyTheTwelveConsistentStates() {
        // all (a, b) with a, b in 0..3 except those holding the receive q1 (b >= 2) without the send p1 (a < 2)
        Set<Cut> expected = new TreeSet<>();
        for (int a = 0; a <= 3; a++) {
            for (int b = 0; b <= 3; b++) {
                if (!(b >= 2 && a < 2)) {
                    expected.add(Cut.of(a, b));
                }
            }
        }
        Set<Cut> actual = new TreeSet<>();
        List<Long> perLevel = new ArrayList<>();
        Iterator<Lattice.Level> it = Lattice.of(t).levels();
        while (it.hasNext()) {
            Lattice.Level l = it.next();
            perLevel.add((long) l.size());
            for (Cut c : l.cuts()) {
                assertEquals(l.rank(), c.rank());
                assertTrue(actual.add(c), "duplicate " + c);
            }
        }
        assertEquals(expected, actual);
        assertEquals(12, actual.size());
        assertEquals(List.of(1L, 2L, 2L, 2L, 2L, 2L, 1L), perLevel);
        Lattice.Stats s = Lattice.of(t).stats();
        assertEquals(12, s.states());
        assertEquals(perLevel, s.statesPerLevel());
        // transitions: each state's enabled processes
        assertEquals(16, s.transitions());
        assertEquals(2, s.width());
        assertEquals(6, s.lastLevel());
    }

    @Test
    void everyLatticePathIsALinearizationAndThereAreTen() {
        List<List<TraceEvent>> paths = new ArrayList<>();
        collectPaths(Lattice.of(t), t.bottom(), new ArrayList<>(), paths);
        assertEquals(10, paths.size());
        for (List<TraceEvent> path : paths) {
            OrderCheck c = Orders.checkLinearization(t, path);
            assertTrue(c.isLinearization(), path + ": " + c);
        }
        List<List<TraceEvent>> brute = new ArrayList<>();
        new BruteForce(t).forEachLinearization(brute::add);
        assertEquals(new java.util.HashSet<>(brute), new java.util.HashSet<>(paths));
    }

    static void collectPaths(Lattice l, Cut c, List<TraceEvent> prefix, List<List<TraceEvent>> out) {
        List<Cut> next = l.successors(c);
        if (next.isEmpty()) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (Cut d : next) {
            int i = 0;
            while (d.get(i) == c.get(i)) {
                i++;
            }
            prefix.add(l.trace().event(i, c.get(i)));
            collectPaths(l, d, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    @Test
    void anOrderReceivingBeforeTheSendIsARunButNotALinearization() {
        OrderCheck c = Orders.checkLinearizationByName(t, List.of("p0", "q0", "q1", "p1", "p2", "q2"));
        assertEquals(OrderCheck.Verdict.RUN_NOT_LINEARIZATION, c.verdict());
        assertFalse(c.holds());
        assertEquals("p1", c.first().name());
        assertEquals("q1", c.second().name());
        assertEquals(2, c.position());
        assertTrue(c.reason().contains("q1 (position 3) receives message 'm' before its send p1 (position 4)"),
                c.reason());
        assertTrue(Orders.checkRunByName(t, List.of("p0", "q0", "q1", "p1", "p2", "q2")).holds());
    }

    @Test
    void anOrderBreakingAProcesssOwnOrderIsNotEvenARun() {
        OrderCheck c = Orders.checkRunByName(t, List.of("p0", "q1", "q0", "p1", "p2", "q2"));
        assertEquals(OrderCheck.Verdict.NOT_A_RUN, c.verdict());
        assertFalse(c.holds());
        assertEquals("q0", c.first().name());
        assertEquals("q1", c.second().name());
        assertTrue(c.reason().contains("not even a run"), c.reason());
        assertTrue(c.reason().startsWith("q1 (position 2) comes before q0"), c.reason());
        // the linearization check reports the same, not the causality break
        assertEquals(OrderCheck.Verdict.NOT_A_RUN,
                Orders.checkLinearizationByName(t, List.of("p0", "q1", "q0", "p1", "p2", "q2")).verdict());
    }

    @Test
    void incompleteAndRepeatingOrdersAreNotRuns() {
        OrderCheck missing = Orders.checkRunByName(t, List.of("p0", "p1", "p2", "q0", "q1"));
        assertEquals(OrderCheck.Verdict.NOT_A_RUN, missing.verdict());
        assertEquals("q2", missing.first().name());
        assertTrue(missing.reason().contains("misses 1 event(s), first q2"), missing.reason());
        OrderCheck twice = Orders.checkRunByName(t, List.of("p0", "p0", "p1", "p2", "q0", "q1", "q2"));
        assertTrue(twice.reason().contains("p0 appears twice (positions 1 and 2)"), twice.reason());
    }

    @Test
    void aLinearizationIsAccepted() {
        OrderCheck c = Orders.checkLinearization(t, Orders.parse(t, "p0 q0 p1 q1 p2 q2"));
        assertTrue(c.isLinearization());
        assertNull(c.first());
    }

    @Test
    void unknownEventsInAnOrderAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Orders.parse(t, "p0,q7,p1"));
        assertTrue(e.getMessage().contains("position 2"), e.getMessage());
        assertTrue(e.getMessage().contains("process q has only 3 event(s) (q0..q2)"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> t.event("r0"));
        assertTrue(e2.getMessage().contains("unknown event 'r0'"), e2.getMessage());
    }

    @Test
    void consistencyNamesTheBreakingSendReceivePair() {
        CutCheck bad = Causality.isConsistent(t, Cut.of(1, 2));
        assertFalse(bad.consistent());
        assertEquals("p1", bad.send().name());
        assertEquals("q1", bad.receive().name());
        assertEquals("cut (1,2) is inconsistent: q1 (inside) receives message 'm' but its send p1 is outside the cut",
                bad.reason());
        assertTrue(Causality.isConsistent(t, Cut.of(2, 1)).consistent());
        assertTrue(Causality.isConsistent(t, Cut.of(3, 0)).consistent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Causality.isConsistent(t, Cut.of(4, 0)));
        assertTrue(e.getMessage().contains("takes 4 events of process p, which has only 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Causality.isConsistent(t, Cut.of(1)));
    }

    @Test
    void globalStateHasLocalVariablesAndChannelContents() {
        GlobalState g = GlobalState.of(t, Cut.of(2, 1));
        assertEquals(2L, g.get("p", "x"));
        assertEquals(1L, g.get("q", "x"));
        assertEquals(1, g.inTransit().size());
        assertEquals("m", g.channel("p", "q").get(0).id());
        assertEquals("hello", g.channel("p", "q").get(0).payload());
        assertTrue(g.channel("q", "p").isEmpty());
        assertTrue(GlobalState.of(t, Cut.of(2, 2)).inTransit().isEmpty());
        assertTrue(GlobalState.of(t, Cut.of(0, 0)).inTransit().isEmpty());
        assertEquals(0L, GlobalState.of(t, Cut.of(0, 0)).get("p", "x"));
        assertThrows(IllegalArgumentException.class, () -> GlobalState.of(t, Cut.of(0, 2)));
    }

    @Test
    void reachabilityFollowsTheLatticeOrder() {
        Lattice l = Lattice.of(t);
        assertTrue(l.reachable(Cut.of(1, 0), Cut.of(2, 2)));
        assertFalse(l.reachable(Cut.of(2, 0), Cut.of(1, 1)));
        List<TraceEvent> path = l.path(Cut.of(1, 1), Cut.of(3, 3)).orElseThrow();
        assertEquals(4, path.size());
        assertTrue(path.indexOf(t.event("p1")) < path.indexOf(t.event("q1")), path.toString());
        assertTrue(l.path(Cut.of(3, 0), Cut.of(2, 2)).isEmpty());
        // From (1, 1) only p can move: (1, 2) would hold the receive q1 without the send p1.
        assertEquals(List.of(Cut.of(2, 1)), l.successors(Cut.of(1, 1)));
        assertEquals(Cut.of(2, 2), Cut.of(1, 2).advance(0));
        assertEquals(List.of(Cut.of(3, 1), Cut.of(2, 2)), l.successors(Cut.of(2, 1)));
        assertEquals(List.of(Cut.of(2, 1)), l.predecessors(Cut.of(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> l.reachable(Cut.of(0, 2), Cut.of(3, 3)));
    }

    @Test
    void modalitiesWithWitnesses() {
        GlobalPredicate bothTwo = GlobalPredicate.named("p.x=2 and q.x=2",
                g -> g.getLong("p", "x") == 2 && g.getLong("q", "x") == 2);
        PredicateResult possibly = Predicates.possibly(t, bothTwo);
        assertTrue(possibly.holds());
        assertEquals(Cut.of(2, 2), possibly.state().cut());
        assertEquals(4, possibly.path().size());
        // p.x=1 and q.x=2 is impossible: q1 needs p1
        assertFalse(Predicates.possibly(t, g -> g.getLong("p", "x") == 1 && g.getLong("q", "x") == 2).holds());
        // (2,2) is on some but not all paths: (3,1) -> (3,2) avoids it
        PredicateResult definitely = Predicates.definitely(t, bothTwo);
        assertFalse(definitely.holds());
        assertEquals(6, definitely.path().size());
        assertTrue(Orders.checkLinearization(t, definitely.path()).isLinearization());
        for (Cut c : new BruteForce(t).states(definitely.path())) {
            assertFalse(bothTwo.test(GlobalState.of(t, c)), "witness passes through " + c);
        }
        // every path passes a state where p.x=2 (p1 must run)
        assertTrue(Predicates.definitely(t, g -> g.getLong("p", "x") == 2).holds());
        // the message is in transit in (2,0) .. (3,1) only when q has not received
        PredicateResult inv = Predicates.invariant(t, g -> g.inTransit().isEmpty());
        assertFalse(inv.holds());
        assertEquals(Cut.of(2, 0), inv.state().cut());
        assertTrue(inv.explanation().contains("fails: state (2,0)"), inv.explanation());
        assertTrue(Predicates.invariant(t, g -> g.inTransit().size() <= 1).holds());
    }

    @Test
    void dotShowsEveryStateAndTransitionAndMarksThePredicate() {
        String dot = LatticeDot.toDot(t, ConjunctivePredicate.builder().equals("p", "x", 2).build());
        assertTrue(dot.startsWith("digraph lattice {"), dot);
        assertEquals(12, dot.lines().filter(l -> l.contains("[label=\"S")).count(), dot);
        assertEquals(16, dot.lines().filter(l -> l.contains(" -> ")).count(), dot);
        assertTrue(dot.contains("label=\"filled: states where p.x=2 holds\""), dot);
        // p.x=2 holds in (2,0), (2,1), (2,2), (2,3)
        assertEquals(4, dot.lines().filter(l -> l.contains("style=filled")).count(), dot);
        assertTrue(dot.contains("s2_0 [label=\"S20\", style=filled"), dot);
        assertTrue(dot.contains("s1_1 -> s2_1 [label=\"p1\"];"), dot);
        assertFalse(dot.contains("s0_2"), dot);
    }
}
