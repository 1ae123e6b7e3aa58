package io.cutwatch.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dominator tree against a brute force (remove each vertex, see what becomes unreachable). */
class DominatorTreeTest {
    @Test
    void agreesWithRemovingEachVertexOnRandomGraphs() {
        for (long seed = 1; seed <= 400; seed++) {
            Random rnd = new Random(seed);
            int n = 1 + rnd.nextInt(25);
            int e = rnd.nextInt(3 * n + 1);
            int[] from = new int[e];
            int[] to = new int[e];
            for (int i = 0; i < e; i++) {
                from[i] = rnd.nextInt(n);
                to[i] = rnd.nextInt(n);
            }
            CsrDigraph g = CsrDigraph.fromEdges(n, from, to);
            int[] roots = rnd.ints(1 + rnd.nextInt(3), 0, n).toArray();
            DominatorTree t = DominatorTree.of(g, roots);
            boolean[] reach = assertMatchesBruteForce(g, roots, t, seed);
            for (int v = 0; v < n; v++) {
                int idom = t.immediateDominator(v);
                if (!reach[v]) {
                    assertEquals(DominatorTree.UNREACHABLE, idom, "seed " + seed);
                } else if (idom >= 0) {
                    assertTrue(t.dominates(idom, v) && idom != v, "seed " + seed + ": idom of " + v);
                }
            }
        }
    }

    @Test
    void agreesWithRemovingEachVertexOnLargerGraphsWithDeepSearches() {
        // A few hundred vertices: long DFS chains, many edges to earlier vertices, so the radix
        // sort runs several passes' worth of targets and path compression walks long paths.
        for (long seed = 1; seed <= 40; seed++) {
            Random rnd = new Random(seed);
            int n = 100 + rnd.nextInt(300);
            int chain = n - 1;
            int extra = rnd.nextInt(3 * n);
            int[] from = new int[chain + extra];
            int[] to = new int[chain + extra];
            for (int i = 0; i < chain; i++) { // a Hamiltonian path in shuffled order keeps the search deep
                from[i] = (int) ((long) i * 7919 % n);
                to[i] = (int) ((long) (i + 1) * 7919 % n);
            }
            for (int i = chain; i < chain + extra; i++) {
                from[i] = rnd.nextInt(n);
                to[i] = rnd.nextInt(n);
            }
            CsrDigraph g = CsrDigraph.fromEdges(n, from, to);
            int[] roots = rnd.ints(1 + rnd.nextInt(4), 0, n).toArray();
            DominatorTree t = DominatorTree.of(g, roots);
            boolean[] reach = reachable(g, roots, -1);
            int reached = 0;
            for (int v = 0; v < n; v++) {
                reached += reach[v] ? 1 : 0;
            }
            assertEquals(reached, t.reachableCount(), "seed " + seed);
            assertMatchesBruteForce(g, roots, t, seed);
        }
    }

    @Test
    void agreesWithRemovingEachVertexWhenManyRootsShareTheGraph() {
        // Many roots and sparse edges: vertices without successors (searched as soon as they are
        // met), many candidates that reach the entry (the remaining walks are skipped), and many
        // edges to vertices of earlier roots' searches.
        for (long seed = 1; seed <= 60; seed++) {
            Random rnd = new Random(seed);
            int n = 50 + rnd.nextInt(250);
            int e = n + rnd.nextInt(2 * n);
            int[] from = rnd.ints(e, 0, n).toArray();
            int[] to = rnd.ints(e, 0, n).toArray();
            CsrDigraph g = CsrDigraph.fromEdges(n, from, to);
            int[] roots = rnd.ints(2 + rnd.nextInt(n / 10), 0, n).toArray();
            DominatorTree t = DominatorTree.of(g, roots);
            assertMatchesBruteForce(g, roots, t, seed);
        }
    }

    /**
     * Checks {@code t} against the brute force: {@code d} dominates {@code v} iff both are reachable
     * and removing {@code d} makes {@code v} unreachable (or {@code v == d}); each vertex retains
     * exactly the vertices it dominates. Returns what the roots reach.
     */
    private static boolean[] assertMatchesBruteForce(CsrDigraph g, int[] roots, DominatorTree t, long seed) {
        int n = g.vertexCount();
        boolean[] reach = reachable(g, roots, -1);
        for (int d = 0; d < n; d++) {
            boolean[] without = reachable(g, roots, d);
            int lost = 0;
            for (int v = 0; v < n; v++) {
                boolean dominated = reach[v] && reach[d] && (v == d || !without[v]);
                assertEquals(dominated, t.dominates(d, v), "seed " + seed + ": does " + d + " dominate " + v);
                lost += dominated ? 1 : 0;
            }
            assertEquals(lost, t.retainedCount(d), "seed " + seed + ": retained by " + d);
        }
        return reach;
    }

    @Test
    void reachableVerticesComeEachAfterItsImmediateDominator() {
        Random rnd = new Random(7);
        int n = 2000;
        int e = 5000;
        int[] from = rnd.ints(e, 0, n).toArray();
        int[] to = rnd.ints(e, 0, n).toArray();
        CsrDigraph g = CsrDigraph.fromEdges(n, from, to);
        int[] roots = {0, 1, 2};
        DominatorTree t = DominatorTree.of(g, roots);
        boolean[] reach = reachable(g, roots, -1);
        boolean[] seen = new boolean[n];
        for (int i = 0; i < t.reachableCount(); i++) {
            int v = t.reachableVertex(i);
            assertTrue(reach[v] && !seen[v], "vertex " + v + " listed twice or unreachable");
            int d = t.immediateDominator(v);
            assertTrue(d == DominatorTree.ENTRY || seen[d], "vertex " + v + " listed before its immediate dominator " + d);
            assertEquals(t.retainedCount(v), t.retainedCountAt(i), "retained count of the " + i + "-th vertex " + v);
            seen[v] = true;
        }
        assertThrows(IndexOutOfBoundsException.class, () -> t.reachableVertex(t.reachableCount()));
    }

    @Test
    void aLongChainNeedsNoRecursionAndEachLinkRetainsTheRest() {
        int n = 1_000_000;
        int[] from = new int[n - 1];
        int[] to = new int[n - 1];
        for (int i = 0; i + 1 < n; i++) {
            from[i] = i;
            to[i] = i + 1;
        }
        DominatorTree t = DominatorTree.of(CsrDigraph.fromEdges(n, from, to), new int[] {0});
        assertEquals(n, t.retainedCount(0));
        assertEquals(1, t.retainedCount(n - 1));
        assertEquals(n - 2, t.immediateDominator(n - 1));
        assertEquals(DominatorTree.ENTRY, t.immediateDominator(0));
    }

    @Test
    void aRootOutsideTheGraphIsRefused() {
        CsrDigraph g = CsrDigraph.fromEdges(2, new int[] {0}, new int[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DominatorTree.of(g, new int[] {5}));
        assertTrue(e.getMessage().contains("root 5"), e.getMessage());
    }

    /** Vertices reachable from {@code roots} without passing through {@code removed} (-1: none removed). */
    private static boolean[] reachable(CsrDigraph g, int[] roots, int removed) {
        boolean[] seen = new boolean[g.vertexCount()];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int r : roots) {
            if (r != removed && !seen[r]) {
                seen[r] = true;
                q.add(r);
            }
        }
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int i = g.firstEdge(v); i < g.endEdge(v); i++) {
                int w = g.target(i);
                if (w != removed && !seen[w]) {
                    seen[w] = true;
                    q.add(w);
                }
            }
        }
        return seen;
    }
}
