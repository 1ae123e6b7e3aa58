package io.cutwatch.gc;

import io.cutwatch.graph.DominatorTree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which live objects keep the most alive, across processes: the dominator tree of the live object
 * graph (roots: every process's local roots and the references carried by messages recorded in
 * transit), from the graph kernel's {@link DominatorTree} (Semi-NCA; see there for the source and
 * cost), and the {@code k} objects with the largest retained sets, each broken down by process.
 *
 * <p>Cost after the dominator tree: O(n log k) to pick the largest with a primitive heap of
 * {@code k} nodes (a node whose retained count is below the heap's least is dismissed by one
 * comparison), then one pass over the reachable objects in dominator order for the breakdown:
 * each object is counted for the nearest picked object that dominates it, and each picked object
 * adds the counts of the picked objects below it (O(k^2 p) for p processes). Memory: one
 * {@code int} per reachable object, besides the tree. No boxing, no per-object allocation.
 */
public final class RetainedSets {
    private RetainedSets() {
    }

    /** The {@code k} live objects that retain the most, largest first (ties by object). */
    public static List<Retainer> largest(ObjectGraph graph, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int[] roots = Arrays.copyOf(graph.roots, graph.roots.length + graph.inTransitRoots.length);
        System.arraycopy(graph.inTransitRoots, 0, roots, graph.roots.length, graph.inTransitRoots.length);
        DominatorTree tree = DominatorTree.of(graph.digraph(), roots);
        int[] picked = new TopK(graph, tree, k).select();
        return breakdown(graph, tree, picked);
    }

    /** The retained sets of {@code picked} (nodes, in order), counted per process. */
    private static List<Retainer> breakdown(ObjectGraph graph, DominatorTree tree, int[] picked) {
        int k = picked.length;
        int p = graph.processes().size();
        int reached = tree.reachableCount();
        // owner[i]: the picked object nearest above the i-th reachable object in the tree (itself included), or -1.
        int[] owner = new int[reached];
        Arrays.fill(owner, -1);
        for (int j = 0; j < k; j++) {
            owner[tree.indexOf(picked[j])] = j;
        }
        long[][] own = new long[k][p];
        int[] pickedAbove = new int[k];
        for (int i = 0; i < reached; i++) {
            int d = tree.immediateDominatorIndex(i);
            int above = d < 0 ? -1 : owner[d];
            int o = owner[i];
            if (o >= 0) {
                pickedAbove[o] = above;
            } else {
                o = above;
                owner[i] = o;
            }
            if (o >= 0) {
                own[o][graph.processIndexOf(tree.reachableVertex(i))]++;
            }
        }
        long[][] total = new long[k][];
        for (int j = 0; j < k; j++) {
            total[j] = own[j].clone();
        }
        for (int j = 0; j < k; j++) {
            for (int a = pickedAbove[j]; a >= 0; a = pickedAbove[a]) {
                for (int q = 0; q < p; q++) {
                    total[a][q] += own[j][q];
                }
            }
        }
        List<Retainer> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            Map<String, Long> perProcess = new TreeMap<>();
            for (int q = 0; q < p; q++) {
                if (total[j][q] > 0) {
                    perProcess.put(graph.processes().get(q), total[j][q]);
                }
            }
            out.add(new Retainer(graph.ref(picked[j]), tree.retainedCount(picked[j]), perProcess));
        }
        return out;
    }

    /** The k nodes with the largest retained counts, by a min-heap of node ids (its root is the least kept). */
    private static final class TopK {
        final ObjectGraph graph;
        final DominatorTree tree;
        final int[] heap;
        int size;

        TopK(ObjectGraph graph, DominatorTree tree, int k) {
            this.graph = graph;
            this.tree = tree;
            this.heap = new int[k];
        }

        /** The picked nodes, largest first. */
        int[] select() {
            int k = heap.length;
            if (k == 0) {
                return heap;
            }
            int least = 0; // retained count of heap[0] once the heap is full
            // In dominator order, so the retained counts are read in sequence; the order of the
            // candidates does not change which k rank above the rest.
            for (int i = 0, reached = tree.reachableCount(); i < reached; i++) {
                int r = tree.retainedCountAt(i);
                if (size == k && r < least) {
                    continue;
                }
                int v = tree.reachableVertex(i);
                if (size < k) {
                    heap[size++] = v;
                    up(size - 1);
                } else if (ranksAbove(v, heap[0])) {
                    heap[0] = v;
                    down(0);
                } else {
                    continue;
                }
                if (size == k) {
                    least = tree.retainedCount(heap[0]);
                }
            }
            int[] out = new int[size];
            for (int i = size - 1; i >= 0; i--) { // popping the least first fills the result from the back
                out[i] = heap[0];
                heap[0] = heap[--size];
                down(0);
            }
            return out;
        }

        /** Larger retained count first, then the smaller object reference. */
        boolean ranksAbove(int u, int v) {
            int c = Integer.compare(tree.retainedCount(u), tree.retainedCount(v));
            return c != 0 ? c > 0 : graph.ref(u).compareTo(graph.ref(v)) < 0;
        }

        void up(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!ranksAbove(heap[parent], heap[i])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        void down(int i) {
            while (true) {
                int least = i;
                for (int c = 2 * i + 1; c <= 2 * i + 2 && c < size; c++) {
                    if (ranksAbove(heap[least], heap[c])) {
                        least = c;
                    }
                }
                if (least == i) {
                    return;
                }
                swap(i, least);
                i = least;
            }
        }

        void swap(int i, int j) {
            int t = heap[i];
            heap[i] = heap[j];
            heap[j] = t;
        }
    }
}
