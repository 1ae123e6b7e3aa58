package io.cutwatch.gc;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Marking and cycle finding on CSR arrays, against simple oracles on random graphs. */
class MarkingTest {

    /** A random graph: n nodes over p processes, e edges, r roots, t in-transit roots. */
    static ObjectGraph random(Random rnd, int n, int p, int e, int r, int t) {
        int[] start = new int[p + 1];
        for (int i = 1; i < p; i++) {
            start[i] = rnd.nextInt(n + 1);
        }
        start[p] = n;
        Arrays.sort(start);
        int[] src = new int[e];
        int[] dst = new int[e];
        int[] offsets = new int[n + 1];
        for (int k = 0; k < e; k++) {
            src[k] = rnd.nextInt(n);
            dst[k] = rnd.nextInt(n);
            offsets[src[k] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] targets = new int[e];
        for (int k = 0; k < e; k++) {
            targets[fill[src[k]]++] = dst[k];
        }
        long[] ids = new long[n];
        for (int v = 0; v < n; v++) {
            ids[v] = 1000 + v;
        }
        List<String> procs = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            procs.add("p" + i);
        }
        return ObjectGraph.ofArrays(procs, start, ids, offsets, targets, rnd.ints(r, 0, n).toArray(),
                rnd.ints(t, 0, n).toArray());
    }

    static Set<Integer> oracleReach(ObjectGraph g, int[] from) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int r : from) {
            if (seen.add(r)) {
                todo.add(r);
            }
        }
        while (!todo.isEmpty()) {
            int v = todo.poll();
            for (int k = 0; k < g.outDegree(v); k++) {
                if (seen.add(g.target(v, k))) {
                    todo.add(g.target(v, k));
                }
            }
        }
        return seen;
    }

    @Test
    void marksExactlyWhatIsReachableOnRandomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(300);
            ObjectGraph g = random(rnd, n, 1 + rnd.nextInt(6), rnd.nextInt(3 * n), rnd.nextInt(5), rnd.nextInt(3));
            Marks m = Marking.mark(g);
            int[] all = new int[g.localRootCount() + g.inTransitRootCount()];
            System.arraycopy(g.roots, 0, all, 0, g.roots.length);
            System.arraycopy(g.inTransitRoots, 0, all, g.roots.length, g.inTransitRoots.length);
            Set<Integer> expected = oracleReach(g, all);
            for (int v = 0; v < n; v++) {
                if (m.isMarked(v) != expected.contains(v)) {
                    fail("seed " + seed + ": node " + v + " marked=" + m.isMarked(v));
                }
            }
            assertEquals(expected.size(), m.markedCount(), "seed " + seed);
            int unmarked = 0;
            for (int v = m.nextUnmarked(0); v >= 0; v = m.nextUnmarked(v + 1)) {
                assertTrue(!expected.contains(v), "seed " + seed);
                unmarked++;
            }
            assertEquals(n - expected.size(), unmarked, "seed " + seed);
        }
    }

    /** More roots than n/64: the frontier turns dense at once, then thins out again. */
    @Test
    void marksExactlyWhenFrontiersTurnDense() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 20_000 + rnd.nextInt(30_000);
            ObjectGraph g = random(rnd, n, 1 + rnd.nextInt(16), rnd.nextInt(2 * n), n / 20, rnd.nextInt(50));
            Marks m = Marking.mark(g);
            int[] all = new int[g.localRootCount() + g.inTransitRootCount()];
            System.arraycopy(g.roots, 0, all, 0, g.roots.length);
            System.arraycopy(g.inTransitRoots, 0, all, g.roots.length, g.inTransitRoots.length);
            Set<Integer> expected = oracleReach(g, all);
            for (int v = 0; v < n; v++) {
                if (m.isMarked(v) != expected.contains(v)) {
                    fail("seed " + seed + ": node " + v + " marked=" + m.isMarked(v));
                }
            }
            assertEquals(expected.size(), m.markedCount(), "seed " + seed);
        }
    }

    @Test
    void aChainOfAMillionObjectsMarksWithoutRecursion() {
        int n = 1_000_000;
        int[] offsets = new int[n + 1];
        int[] targets = new int[n - 1];
        for (int v = 0; v < n - 1; v++) {
            targets[v] = v + 1;
            offsets[v + 1] = v + 1;
        }
        offsets[n] = n - 1;
        ObjectGraph chain = ObjectGraph.ofArrays(List.of("a"), new int[] {0, n}, new long[n], offsets, targets,
                new int[] {0}, new int[0]);
        assertEquals(n, Marking.mark(chain).markedCount());

        // The same chain unrooted and closed into a cycle over two processes: one distributed cycle.
        targets = Arrays.copyOf(targets, n);
        targets[n - 1] = 0;
        offsets[n] = n;
        ObjectGraph ring = ObjectGraph.ofArrays(List.of("a", "b"), new int[] {0, n / 2, n}, new long[n], offsets,
                targets, new int[0], new int[0]);
        Marks m = Marking.mark(ring);
        assertEquals(n, m.unmarkedCount());
        GarbageComponents c = GarbageComponents.find(ring, m);
        assertEquals(1, c.distributedCycles().size());
        assertEquals(n, c.distributedCycles().get(0).length);
        assertEquals(n, c.retainedByCycles());
    }

    @Test
    void findsTheDistributedComponentsOfRandomGarbage() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(120);
            ObjectGraph g = random(rnd, n, 1 + rnd.nextInt(4), rnd.nextInt(2 * n), rnd.nextInt(3), 0);
            Marks m = Marking.mark(g);
            GarbageComponents c = GarbageComponents.find(g, m);
            // Oracle: garbage nodes u, v are in one component iff each reaches the other through garbage.
            List<Set<Integer>> reach = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                reach.add(m.isMarked(v) ? Set.of() : garbageReach(g, m, v));
            }
            Set<Set<Integer>> expected = new HashSet<>();
            Set<Integer> inCycle = new HashSet<>();
            for (int v = 0; v < n; v++) {
                if (m.isMarked(v)) {
                    continue;
                }
                Set<Integer> comp = new HashSet<>();
                for (int u = 0; u < n; u++) {
                    if (!m.isMarked(u) && reach.get(v).contains(u) && reach.get(u).contains(v)) {
                        comp.add(u);
                    }
                }
                comp.add(v);
                Set<Integer> procs = new HashSet<>();
                comp.forEach(u -> procs.add(g.processIndexOf(u)));
                if (comp.size() > 1 && procs.size() > 1) {
                    expected.add(comp);
                    inCycle.addAll(comp);
                }
            }
            Set<Set<Integer>> actual = new HashSet<>();
            for (int[] comp : c.distributedCycles()) {
                Set<Integer> s = new HashSet<>();
                for (int v : comp) {
                    s.add(v);
                }
                actual.add(s);
            }
            assertEquals(expected, actual, "seed " + seed);
            Set<Integer> retained = new HashSet<>();
            for (int v : inCycle) {
                retained.addAll(reach.get(v));
            }
            assertEquals(retained.size(), c.retainedByCycles(), "seed " + seed);
        }
    }

    private static Set<Integer> garbageReach(ObjectGraph g, Marks m, int from) {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(from));
        seen.add(from);
        while (!todo.isEmpty()) {
            int v = todo.poll();
            for (int k = 0; k < g.outDegree(v); k++) {
                int w = g.target(v, k);
                if (!m.isMarked(w) && seen.add(w)) {
                    todo.add(w);
                }
            }
        }
        return seen;
    }

    @Test
    void processOfANodeSkipsEmptyProcesses() {
        ObjectGraph g = ObjectGraph.ofArrays(List.of("a", "b", "c", "d"), new int[] {0, 0, 3, 3, 5}, new long[5],
                new int[6], new int[0], new int[0], new int[0]);
        int[] expected = {1, 1, 1, 3, 3};
        for (int v = 0; v < 5; v++) {
            assertEquals(expected[v], g.processIndexOf(v), "node " + v);
        }
    }

    @Test
    void arraysOutOfShapeAreRejectedWithWhereTheyAreWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectGraph.ofArrays(
                List.of("a"), new int[] {0, 2}, new long[2], new int[] {0, 1, 1}, new int[] {7}, new int[0], new int[0]));
        assertEquals("targets[0] = 7 is not a node (0..1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectGraph.ofArrays(
                List.of("a"), new int[] {0, 2}, new long[2], new int[] {0, 1}, new int[] {1}, new int[0], new int[0]));
        assertTrue(e.getMessage().startsWith("offsets has 2 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectGraph.ofArrays(
                List.of("a", "b"), new int[] {0, 2}, new long[2], new int[] {0, 0, 0}, new int[0], new int[0], new int[0]));
        assertTrue(e.getMessage().startsWith("processStart has 2 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectGraph.ofArrays(
                List.of("a"), new int[] {0, 2}, new long[2], new int[] {0, 0, 0}, new int[0], new int[] {-1}, new int[0]));
        assertEquals("roots[0] = -1 is not a node (0..1)", e.getMessage());
    }

    @Test
    void theIdTableFindsEveryIdAndRefusesDuplicates() {
        for (int n : new int[] {0, 1, 3, 50_000}) {
            long seed = 11 + n;
            Random rnd = new Random(seed);
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                // random ids, plus runs of consecutive and strided ids that share slots under a weak hash
                ids[i] = switch (i % 3) {
                    case 0 -> rnd.nextLong();
                    case 1 -> i;
                    default -> (long) i << 32;
                };
            }
            IdTable table = new IdTable(n);
            for (int i = 0; i < n; i++) {
                assertEquals(-1, table.putIfAbsent(ids[i], i), "seed " + seed + ", id " + ids[i]);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i, table.get(ids[i]), "seed " + seed + ", id " + ids[i]);
            }
            assertEquals(n, table.size());
            if (n > 0) {
                assertEquals(n / 2, table.putIfAbsent(ids[n / 2], n), "seed " + seed + ": a duplicate id returns its node");
            }
            assertEquals(-1, table.get(Long.MIN_VALUE + 12_345), "seed " + seed);
            int full = n;
            assertThrows(IllegalStateException.class, () -> table.putIfAbsent(-7, full), "more than it was sized for");
        }
    }
}
