package io.cutwatch.graph;

import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's iterative Tarjan, against JGraphT's Kosaraju and a mutual-reachability reference. */
class StronglyConnectedComponentsTest {
    static CsrDigraph arrays(int n, int[] from, int[] to) {
        return CsrDigraph.fromEdges(n, from, to);
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

    /** Reference: u and v share a component iff each reaches the other (inside {@code within}). */
    static int[] referenceComponents(int n, int[] from, int[] to, boolean[] within) {
        boolean[][] reach = new boolean[n][n];
        for (int s = 0; s < n; s++) {
            if (!within[s]) {
                continue;
            }
            ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(s));
            reach[s][s] = true;
            while (!todo.isEmpty()) {
                int v = todo.poll();
                for (int i = 0; i < from.length; i++) {
                    if (from[i] == v && within[to[i]] && !reach[s][to[i]]) {
                        reach[s][to[i]] = true;
                        todo.add(to[i]);
                    }
                }
            }
        }
        int[] rep = new int[n];
        Arrays.fill(rep, -1);
        for (int v = 0; v < n; v++) {
            for (int u = 0; u <= v && within[v]; u++) {
                if (reach[u][v] && reach[v][u]) {
                    rep[v] = u; // smallest vertex of v's component
                    break;
                }
            }
        }
        return rep;
    }

    @Test
    void agreesWithMutualReachabilityOnRandomSubgraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(70);
            int m = rnd.nextInt(3 * n);
            int[] from = rnd.ints(m, 0, n).toArray();
            int[] to = rnd.ints(m, 0, n).toArray();
            boolean whole = seed % 3 == 0;
            boolean[] within = new boolean[n];
            List<Integer> members = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                within[v] = whole || rnd.nextInt(4) != 0;
                if (within[v]) {
                    members.add(v);
                }
            }
            CsrDigraph g = arrays(n, from, to);
            StronglyConnectedComponents scc = whole ? StronglyConnectedComponents.of(g)
                    : StronglyConnectedComponents.of(g, VertexSet.of(n, members.stream().mapToInt(Integer::intValue).toArray()));
            int[] rep = referenceComponents(n, from, to, within);
            Set<Integer> reps = new HashSet<>();
            for (int v = 0; v < n; v++) {
                if (!within[v]) {
                    assertEquals(-1, scc.componentOf(v), "seed " + seed + ": " + v + " is outside the subgraph");
                    continue;
                }
                reps.add(rep[v]);
                assertEquals(scc.componentOf(rep[v]), scc.componentOf(v), "seed " + seed + ": " + v + " with " + rep[v]);
                for (int u = 0; u < v; u++) {
                    if (within[u] && rep[u] != rep[v]) {
                        assertNotEquals(scc.componentOf(u), scc.componentOf(v), "seed " + seed + ": " + u + ", " + v);
                    }
                }
            }
            assertEquals(reps.size(), scc.count(), "seed " + seed + ": component count");
            // components(minSize): the classes of at least that size, ascending, by smallest vertex
            for (int minSize : new int[] {1, 2}) {
                List<int[]> expected = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    if (within[r] && rep[r] == r) {
                        int rr = r;
                        int[] cls = java.util.stream.IntStream.range(0, n).filter(v -> within[v] && rep[v] == rr).toArray();
                        if (cls.length >= minSize) {
                            expected.add(cls);
                        }
                    }
                }
                List<int[]> actual = scc.components(minSize);
                assertEquals(expected.size(), actual.size(), "seed " + seed + ", minSize " + minSize);
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i), actual.get(i), "seed " + seed + ", minSize " + minSize);
                    assertEquals(expected.get(i).length, scc.size(scc.componentOf(expected.get(i)[0])));
                }
            }
            // reverse topological order: an edge inside the subgraph never goes to a larger component id
            for (int i = 0; i < m; i++) {
                if (within[from[i]] && within[to[i]]) {
                    assertTrue(scc.componentOf(to[i]) <= scc.componentOf(from[i]), "seed " + seed + ": edge " + i);
                }
            }
        }
    }

    @Test
    void aRestrictedRingOfAMillionVerticesIsOneComponentWithoutRecursion() {
        // Ring over the even vertices; the odd ones are left out and hang off every even one.
        int n = 2_000_000;
        int[] from = new int[n];
        int[] to = new int[n];
        for (int v = 0; v < n; v += 2) {
            from[v] = v;
            to[v] = (v + 2) % n;
            from[v + 1] = v;
            to[v + 1] = v + 1;
        }
        VertexSet odd = VertexSet.of(n, java.util.stream.IntStream.range(0, n / 2).map(i -> 2 * i + 1).toArray());
        StronglyConnectedComponents scc = StronglyConnectedComponents.of(arrays(n, from, to), odd.complement());
        assertEquals(1, scc.count());
        assertEquals(n / 2, scc.size(0));
        assertEquals(-1, scc.componentOf(1));
        assertEquals(1, scc.components(2).size());
    }

    @Test
    void theEmptyGraphAndTheEmptySubgraphHaveNoComponents() {
        assertEquals(0, StronglyConnectedComponents.of(arrays(0, new int[0], new int[0])).count());
        CsrDigraph g = arrays(3, new int[] {0, 1}, new int[] {1, 0});
        StronglyConnectedComponents none = StronglyConnectedComponents.of(g, VertexSet.of(3));
        assertEquals(0, none.count());
        assertEquals(List.of(), none.components(1));
        assertThrows(IllegalArgumentException.class, () -> StronglyConnectedComponents.of(g, VertexSet.of(4)));
    }
}
