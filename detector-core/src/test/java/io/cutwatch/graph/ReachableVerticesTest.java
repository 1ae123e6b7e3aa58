package io.cutwatch.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The kernel's BFS marking, against a queue-based reference on random graphs. */
class ReachableVerticesTest {
    /** Reference: a textbook BFS, never entering {@code blocked} vertices. */
    static boolean[] reference(CsrDigraph g, boolean[] blocked, int[]... roots) {
        int n = g.vertexCount();
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int[] rs : roots) {
            for (int r : rs) {
                if (!blocked[r] && !seen[r]) {
                    seen[r] = true;
                    todo.add(r);
                }
            }
        }
        while (!todo.isEmpty()) {
            int v = todo.poll();
            for (int e = g.firstEdge(v); e < g.endEdge(v); e++) {
                int w = g.target(e);
                if (!blocked[w] && !seen[w]) {
                    seen[w] = true;
                    todo.add(w);
                }
            }
        }
        return seen;
    }

    static CsrDigraph random(Random rnd, int n, int m) {
        return CsrDigraph.fromEdges(n, rnd.ints(m, 0, n).toArray(), rnd.ints(m, 0, n).toArray());
    }

    static void assertSame(boolean[] expected, VertexSet actual, String what) {
        int size = 0;
        for (int v = 0; v < expected.length; v++) {
            if (expected[v] != actual.contains(v)) {
                fail(what + ": vertex " + v + " reached=" + actual.contains(v));
            }
            size += expected[v] ? 1 : 0;
        }
        assertEquals(size, actual.size(), what);
    }

    @Test
    void reachesExactlyWhatTheReferenceReachesOnRandomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(300);
            CsrDigraph g = random(rnd, n, rnd.nextInt(3 * n));
            int[] a = rnd.ints(rnd.nextInt(5), 0, n).toArray();
            int[] b = rnd.ints(rnd.nextInt(3), 0, n).toArray();
            assertSame(reference(g, new boolean[n], a, b), ReachableVertices.from(g, a, b), "seed " + seed);
        }
    }

    /** More roots than n/64: the frontier turns dense at once, then thins out again. */
    @Test
    void reachesExactlyWhenFrontiersTurnDense() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 20_000 + rnd.nextInt(30_000);
            CsrDigraph g = random(rnd, n, rnd.nextInt(2 * n));
            int[] roots = rnd.ints(n / 20, 0, n).toArray();
            assertSame(reference(g, new boolean[n], roots), ReachableVertices.from(g, roots), "seed " + seed);
        }
    }

    @Test
    void avoidsBlockedVerticesOnRandomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(seed <= 280 ? 300 : 30_000);
            CsrDigraph g = random(rnd, n, rnd.nextInt(3 * n));
            boolean[] blocked = new boolean[n];
            int[] b = rnd.ints(rnd.nextInt(n), 0, n).toArray();
            for (int v : b) {
                blocked[v] = true;
            }
            int[] roots = rnd.ints(1 + rnd.nextInt(seed <= 280 ? 5 : n / 10), 0, n).toArray();
            VertexSet actual = ReachableVertices.from(g, VertexSet.of(n, b), roots);
            assertSame(reference(g, blocked, roots), actual, "seed " + seed);
        }
    }

    @Test
    void aChainOfAMillionVerticesIsSearchedWithoutRecursion() {
        int n = 1_000_000;
        int[] from = new int[n - 1];
        int[] to = new int[n - 1];
        for (int v = 0; v < n - 1; v++) {
            from[v] = v;
            to[v] = v + 1;
        }
        CsrDigraph chain = CsrDigraph.fromEdges(n, from, to);
        assertEquals(n, ReachableVertices.from(chain, new int[] {0}).size());
        VertexSet cut = ReachableVertices.from(chain, VertexSet.of(n, n / 2), new int[] {0});
        assertEquals(n / 2, cut.size());
        assertFalse(cut.contains(n / 2));
        assertEquals(n / 2, cut.nextNonMember(0));
    }

    @Test
    void rootsMustBeVertices() {
        CsrDigraph g = CsrDigraph.fromEdges(2, new int[0], new int[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReachableVertices.from(g, new int[] {2}));
        assertEquals("root 2 is not a vertex (0..1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReachableVertices.from(g, VertexSet.of(3), new int[0]));
        assertEquals(0, ReachableVertices.from(g).size());
    }
}
