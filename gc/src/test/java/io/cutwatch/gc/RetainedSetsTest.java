package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which objects keep the most alive, across processes (the dominator tree itself is checked in detector-core). */
class RetainedSetsTest {
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void theLargestRetainersComeFirstWithTheirSpreadOverProcesses() {
        // a:1 (root) -> b:1 -> {b:2, c:1 -> c:2}; a:2 (root) -> a:3; b:9 is garbage; c:5 only in transit.
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").root("a", 1)
                .object("b", 1, "b:2", "c:1").object("b", 2).object("c", 1, "c:2").object("c", 2)
                .object("a", 2, "a:3").object("a", 3).root("a", 2)
                .object("b", 9).object("c", 5)
                .inTransit("a", "c", new StoreMessage.Adopt(ref("c:5")))
                .build();
        List<Retainer> top = DETECTOR.largestRetainers(s, 3);
        assertEquals(List.of(ref("a:1"), ref("b:1"), ref("a:2")), top.stream().map(Retainer::object).toList());
        assertEquals(5, top.get(0).retained());
        assertEquals(Map.of("a", 1L, "b", 2L, "c", 2L), top.get(0).perProcess());
        assertEquals(4, top.get(0).retainedElsewhere());
        assertEquals(4, top.get(1).retained());
        assertEquals(2, top.get(2).retained());
        assertEquals(0, DETECTOR.largestRetainers(s, 0).size());
        assertThrows(IllegalArgumentException.class, () -> DETECTOR.largestRetainers(s, -1));
    }

    @Test
    void anObjectReachableFromTwoRootsIsRetainedByNeither() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").root("a", 1)
                .object("b", 2, "b:1").root("b", 2)
                .object("b", 1, "b:3").object("b", 3)
                .build();
        List<Retainer> top = DETECTOR.largestRetainers(s, 10);
        Retainer shared = top.stream().filter(r -> r.object().equals(ref("b:1"))).findFirst().orElseThrow();
        assertEquals(2, shared.retained(), "b:1 retains itself and b:3");
        assertEquals(1, top.stream().filter(r -> r.object().equals(ref("a:1"))).findFirst().orElseThrow().retained(),
                "a:1 retains only itself: b:2 also reaches b:1");
    }

    @Test
    void theLargestRetainersAndTheirSpreadAgreeWithRemovingEachObjectOnRandomGraphs() {
        for (long seed = 1; seed <= 60; seed++) {
            Random rnd = new Random(seed);
            int p = 1 + rnd.nextInt(4);
            int n = 5 + rnd.nextInt(60);
            int[] start = new int[p + 1];
            for (int q = 1; q < p; q++) {
                start[q] = rnd.nextInt(n + 1);
            }
            start[p] = n;
            java.util.Arrays.sort(start);
            long[] ids = new long[n];
            for (int v = 0; v < n; v++) {
                ids[v] = 10L * v + 3;
            }
            int e = rnd.nextInt(2 * n);
            int[] from = rnd.ints(e, 0, n).toArray();
            int[] to = rnd.ints(e, 0, n).toArray();
            io.cutwatch.graph.CsrDigraph csr = io.cutwatch.graph.CsrDigraph.fromEdges(n, from, to);
            int[] offsets = new int[n + 1];
            int[] targets = new int[e];
            for (int v = 0; v < n; v++) {
                offsets[v + 1] = csr.endEdge(v);
            }
            for (int i = 0; i < e; i++) {
                targets[i] = csr.target(i);
            }
            int[] roots = rnd.ints(1 + rnd.nextInt(3), 0, n).toArray();
            int[] inTransit = rnd.ints(rnd.nextInt(2), 0, n).toArray();
            List<String> names = io.cutwatch.model.Topology.ids("p", p);
            ObjectGraph g = ObjectGraph.ofArrays(names, start, ids, offsets, targets, roots, inTransit);

            int[] all = java.util.stream.IntStream.concat(java.util.Arrays.stream(roots), java.util.Arrays.stream(inTransit))
                    .toArray();
            boolean[] live = reachable(g, all, -1);
            List<Retainer> expected = new ArrayList<>();
            for (int d = 0; d < n; d++) {
                if (!live[d]) {
                    continue;
                }
                boolean[] without = reachable(g, all, d);
                Map<String, Long> spread = new TreeMap<>();
                long count = 0;
                for (int v = 0; v < n; v++) {
                    if (live[v] && (v == d || !without[v])) {
                        count++;
                        spread.merge(names.get(g.processIndexOf(v)), 1L, Long::sum);
                    }
                }
                expected.add(new Retainer(g.ref(d), count, spread));
            }
            expected.sort(Comparator.comparingLong(Retainer::retained).reversed().thenComparing(Retainer::object));
            int k = 1 + rnd.nextInt(6);
            assertEquals(expected.subList(0, Math.min(k, expected.size())), RetainedSets.largest(g, k), "seed " + seed);
        }
    }

    /** The nodes reachable from {@code roots} without entering {@code removed} (-1: none). */
    private static boolean[] reachable(ObjectGraph g, int[] roots, int removed) {
        boolean[] seen = new boolean[g.nodeCount()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int r : roots) {
            if (r != removed && !seen[r]) {
                seen[r] = true;
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int j = 0; j < g.outDegree(v); j++) {
                int w = g.target(v, j);
                if (w != removed && !seen[w]) {
                    seen[w] = true;
                    queue.add(w);
                }
            }
        }
        return seen;
    }
}
