package io.cutwatch.deadlock;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlockFinderTest {
    static WaitForEdge e(String w, String h) {
        return new WaitForEdge(w, h, "r-" + w);
    }

    static List<Deadlock> find(WaitModel model, WaitForEdge... edges) {
        return DeadlockFinder.find(WaitForGraph.of(List.of(edges)), model, VictimPolicy.highestId());
    }

    @Test
    void andModelReportsEveryCycleWithOneConcreteCycleAndTheHighestIdAsVictim() {
        // t9 -> t10 -> t2 -> t9 is a cycle; t1 waits on it (blocked, not deadlocked); t3 <-> t4 another cycle.
        List<Deadlock> ds = find(WaitModel.AND, e("t9", "t10"), e("t10", "t2"), e("t2", "t9"), e("t1", "t9"),
                e("t3", "t4"), e("t4", "t3"));
        assertEquals(2, ds.size());
        Deadlock first = ds.get(0);
        assertEquals(List.of("t2", "t9", "t10"), first.members());
        assertEquals(List.of(e("t2", "t9"), e("t9", "t10"), e("t10", "t2")), first.cycle());
        assertEquals("t10", first.victim(), "natural order: t10 is younger than t9");
        assertEquals("t2 -[r-t2]-> t9 -[r-t9]-> t10 -[r-t10]-> t2", first.cycleText());
        assertEquals(List.of("t3", "t4"), ds.get(1).members());
        assertEquals("t4", ds.get(1).victim());
    }

    @Test
    void aSelfWaitIsADeadlockAndADagIsNot() {
        assertEquals(List.of(), find(WaitModel.AND, e("a", "b"), e("b", "c"), e("a", "c")));
        List<Deadlock> ds = find(WaitModel.AND, e("a", "a"));
        assertEquals(1, ds.size());
        assertEquals(List.of(e("a", "a")), ds.get(0).cycle());
    }

    @Test
    void orModelReportsKnotsOnlyNotCyclesWithAWayOut() {
        // a <-> b with an exit to c (c is active): no OR deadlock, but an AND deadlock.
        WaitForEdge[] withExit = {e("a", "b"), new WaitForEdge("b", "a", "x"), new WaitForEdge("b", "c", "y")};
        assertEquals(List.of(), find(WaitModel.OR, withExit));
        assertEquals(1, find(WaitModel.AND, withExit).size());
        // c <-> d is a knot: nothing leaves it. a <-> b can only be freed through c, so it is blocked
        // for good too, but it is not a knot itself: the deadlocked set reported is {c, d}.
        List<Deadlock> ds = find(WaitModel.OR, e("a", "b"), new WaitForEdge("b", "a", "x"),
                new WaitForEdge("b", "c", "y"), e("c", "d"), e("d", "c"));
        assertEquals(1, ds.size());
        assertEquals(List.of("c", "d"), ds.get(0).members());
    }

    @Test
    void everyReportedCycleIsAClosedWalkInsideItsComponentOnRandomGraphs() {
        for (long seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + rnd.nextInt(40);
            List<WaitForEdge> edges = new ArrayList<>();
            for (int i = 0, m = rnd.nextInt(2 * n); i < m; i++) {
                edges.add(new WaitForEdge("v" + rnd.nextInt(n), "v" + rnd.nextInt(n), "r" + rnd.nextInt(3)));
            }
            Set<WaitForEdge> all = new HashSet<>(edges);
            for (WaitModel model : WaitModel.values()) {
                List<Deadlock> ds = DeadlockFinder.find(WaitForGraph.of(edges), model, VictimPolicy.highestId());
                Set<String> seen = new HashSet<>();
                for (Deadlock d : ds) {
                    assertTrue(all.containsAll(d.cycle()), "seed " + seed + ": cycle uses a wait not in the graph");
                    assertTrue(d.members().containsAll(d.cycleVertices()), "seed " + seed);
                    assertTrue(d.cycleVertices().contains(d.victim()), "seed " + seed);
                    assertEquals(d.cycle().size(), new HashSet<>(d.cycleVertices()).size(),
                            "seed " + seed + ": a shortest cycle visits each vertex once: " + d.cycleText());
                    for (String m : d.members()) {
                        assertTrue(seen.add(m), "seed " + seed + ": " + m + " in two deadlocked sets");
                    }
                    if (model == WaitModel.OR) {
                        for (WaitForEdge w : all) {
                            assertTrue(!d.members().contains(w.waiter()) || d.members().contains(w.holder()),
                                    "seed " + seed + ": knot " + d.members() + " has an exit " + w);
                        }
                    }
                }
            }
        }
    }

    /**
     * Completeness against an independent oracle: reachability by plain breadth-first search
     * over the edge list, no SCC algorithm. Under AND a vertex is deadlocked iff it reaches
     * itself, and two deadlocked vertices share a set iff each reaches the other; under OR a set
     * is deadlocked iff, in addition, everything reachable from it reaches back (a knot). The
     * finder must report exactly these sets: none missing, none extra.
     */
    @Test
    void reportsExactlyTheDeadlockedSetsAnIndependentOracleFindsOnRandomGraphs() {
        int nonEmpty = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + rnd.nextInt(40);
            List<WaitForEdge> edges = new ArrayList<>();
            for (int i = 0, m = rnd.nextInt(2 * n); i < m; i++) {
                edges.add(new WaitForEdge("v" + rnd.nextInt(n), "v" + rnd.nextInt(n), "r" + rnd.nextInt(3)));
            }
            for (WaitModel model : WaitModel.values()) {
                Set<Set<String>> expected = oracle(edges, model);
                Set<Set<String>> found = new HashSet<>();
                for (Deadlock d : DeadlockFinder.find(WaitForGraph.of(edges), model, VictimPolicy.highestId())) {
                    found.add(new HashSet<>(d.members()));
                }
                assertEquals(expected, found, "seed " + seed + ", " + model + ": " + edges);
                if (!expected.isEmpty()) {
                    nonEmpty++;
                }
            }
        }
        assertTrue(nonEmpty > 100, "too few random graphs had a deadlock to check: " + nonEmpty);
    }

    static Set<Set<String>> oracle(List<WaitForEdge> edges, WaitModel model) {
        Map<String, List<String>> next = new HashMap<>();
        for (WaitForEdge w : edges) {
            next.computeIfAbsent(w.waiter(), k -> new ArrayList<>()).add(w.holder());
            next.computeIfAbsent(w.holder(), k -> new ArrayList<>());
        }
        Map<String, Set<String>> reach = new HashMap<>();
        for (String v : next.keySet()) {
            Set<String> seen = new HashSet<>();
            ArrayDeque<String> todo = new ArrayDeque<>(next.get(v));
            while (!todo.isEmpty()) {
                String u = todo.poll();
                if (seen.add(u)) {
                    todo.addAll(next.get(u));
                }
            }
            reach.put(v, seen);
        }
        Set<Set<String>> out = new HashSet<>();
        for (String v : next.keySet()) {
            if (!reach.get(v).contains(v)) {
                continue;
            }
            Set<String> set = new HashSet<>();
            for (String u : reach.get(v)) {
                if (reach.get(u).contains(v)) {
                    set.add(u);
                }
            }
            if (model == WaitModel.OR && !set.containsAll(reach.get(v))) {
                continue;
            }
            out.add(set);
        }
        return out;
    }

    @Test
    void aVictimOffTheCycleIsRefused() {
        VictimPolicy bad = (cycle, members) -> "nobody";
        InvalidVictimException ex = assertThrows(InvalidVictimException.class, () -> DeadlockFinder.find(
                WaitForGraph.of(List.of(e("a", "b"), e("b", "a"))), WaitModel.AND, bad));
        assertTrue(ex.getMessage().contains("chose nobody, which is not on the cycle"), ex.getMessage());
    }
}
