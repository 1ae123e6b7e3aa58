package io.cutwatch.deadlock.graph;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StronglyConnectedComponentsTest {
    static WaitForGraph arrays(int n, int[] from, int[] to) {
        return WaitForGraph.fromArrays(n, from, to, new int[from.length], new String[] {"r"}, v -> "v" + v);
    }

    @Test
    void agreesWithJGraphTKosarajuOnRandomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(60);
            int m = rnd.nextInt(3 * n);
            int[] from = new int[m];
            int[] to = new int[m];
            Graph<Integer, DefaultEdge> jg = new DefaultDirectedGraph<>(DefaultEdge.class);
            for (int v = 0; v < n; v++) {
                jg.addVertex(v);
            }
            for (int i = 0; i < m; i++) {
                from[i] = rnd.nextInt(n);
                to[i] = rnd.nextInt(n);
                jg.addEdge(from[i], to[i]);
            }
            StronglyConnectedComponents scc = StronglyConnectedComponents.of(arrays(n, from, to));
            List<Set<Integer>> expected = new KosarajuStrongConnectivityInspector<>(jg).stronglyConnectedSets();
            assertEquals(expected.size(), scc.count(), "seed " + seed + ": component count");
            for (Set<Integer> comp : expected) {
                int id = scc.componentOf(comp.iterator().next());
                assertEquals(comp.size(), scc.size(id), "seed " + seed + ": size of " + comp);
                for (int v : comp) {
                    assertEquals(id, scc.componentOf(v), "seed " + seed + ": " + v + " should be with " + comp);
                }
            }
        }
    }

    @Test
    void componentIdsAreInReverseTopologicalOrder() {
        // 0 -> 1 <-> 2 -> 3: component of 3 before {1,2} before 0
        StronglyConnectedComponents scc = StronglyConnectedComponents.of(
                arrays(4, new int[] {0, 1, 2, 2}, new int[] {1, 2, 1, 3}));
        assertEquals(3, scc.count());
        assertEquals(scc.componentOf(1), scc.componentOf(2));
        Map<String, Integer> order = new HashMap<>();
        order.put("3", scc.componentOf(3));
        order.put("12", scc.componentOf(1));
        order.put("0", scc.componentOf(0));
        assertEquals(true, order.get("3") < order.get("12") && order.get("12") < order.get("0"), order.toString());
    }

    @Test
    void aRingOfAMillionVerticesIsOneComponentWithoutRecursion() {
        int n = 1_000_000;
        int[] from = new int[n];
        int[] to = new int[n];
        for (int v = 0; v < n; v++) {
            from[v] = v;
            to[v] = (v + 1) % n;
        }
        StronglyConnectedComponents scc = StronglyConnectedComponents.of(arrays(n, from, to));
        assertEquals(1, scc.count());
        assertEquals(n, scc.size(0));
    }

    @Test
    void fromArraysNamesTheBadEdge() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> arrays(3, new int[] {0, 1}, new int[] {1, 3}));
        assertEquals("edge 1 (1 -> 3) names a vertex outside 0..2", e.getMessage());
    }
}
