package io.cutwatch.gc;

import io.cutwatch.graph.CsrDigraph;
import io.cutwatch.graph.DominatorTree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Which live objects keep the most alive, across processes: the dominator tree of the live object
 * graph (roots: every process's local roots and the references carried by messages recorded in
 * transit), from the graph kernel's {@link DominatorTree} (Cooper, Harvey and Kennedy's
 * algorithm; see there for the source and cost), and the {@code k} objects with the largest
 * retained sets, each broken down by process. Cost: the dominator tree, then O(n log k) to pick
 * the largest, O(n) for the tree as child lists, and the size of each picked object's retained set
 * for its breakdown.
 */
public final class RetainedSets {
    private RetainedSets() {
    }

    /** The dominator tree as a graph from each vertex to the vertices it immediately dominates. */
    private static CsrDigraph childrenOf(DominatorTree tree, int n) {
        int m = 0;
        for (int v = 0; v < n; v++) {
            if (tree.immediateDominator(v) >= 0) {
                m++;
            }
        }
        int[] from = new int[m];
        int[] to = new int[m];
        for (int v = 0, i = 0; v < n; v++) {
            int d = tree.immediateDominator(v);
            if (d >= 0) {
                from[i] = d;
                to[i++] = v;
            }
        }
        return CsrDigraph.fromEdges(n, from, to);
    }

    /** The {@code k} live objects that retain the most, largest first (ties by object). */
    public static List<Retainer> largest(ObjectGraph graph, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = graph.nodeCount();
        int[] roots = Arrays.copyOf(graph.roots, graph.roots.length + graph.inTransitRoots.length);
        System.arraycopy(graph.inTransitRoots, 0, roots, graph.roots.length, graph.inTransitRoots.length);
        DominatorTree tree = DominatorTree.of(graph.digraph(), roots);
        Comparator<Integer> bigger = Comparator.<Integer>comparingInt(tree::retainedCount).reversed()
                .thenComparing(graph::ref);
        PriorityQueue<Integer> top = new PriorityQueue<>(bigger.reversed());
        for (int v = 0; v < n && k > 0; v++) {
            if (tree.retainedCount(v) == 0) {
                continue;
            }
            top.add(v);
            if (top.size() > k) {
                top.poll();
            }
        }
        List<Integer> picked = new ArrayList<>(top);
        picked.sort(bigger);
        CsrDigraph children = childrenOf(tree, n);
        List<Retainer> out = new ArrayList<>(picked.size());
        int[] stack = new int[n];
        for (int v : picked) {
            Map<String, Long> perProcess = new TreeMap<>();
            int sp = 0;
            stack[sp++] = v;
            while (sp > 0) {
                int u = stack[--sp];
                perProcess.merge(graph.processes().get(graph.processIndexOf(u)), 1L, Long::sum);
                for (int i = children.firstEdge(u), end = children.endEdge(u); i < end; i++) {
                    stack[sp++] = children.target(i);
                }
            }
            out.add(new Retainer(graph.ref(v), tree.retainedCount(v), perProcess));
        }
        return out;
    }
}
