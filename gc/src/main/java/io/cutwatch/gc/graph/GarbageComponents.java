package io.cutwatch.gc.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The strongly connected components of the garbage subgraph (unmarked nodes and the
 * references among them) that span at least two processes: the distributed garbage cycles.
 *
 * <p>Tarjan's algorithm made iterative (explicit call stack with a per-node edge cursor), so no
 * recursion depth limit. O(n + e) time; memory {@code 20g} bytes for {@code g} garbage nodes plus
 * {@code n/16} bytes for a rank index over the marks (a node's garbage index is its rank among the
 * unmarked nodes: a table lookup and a popcount, no {@code int} per node), only allocated when
 * there is garbage. Single-threaded.
 */
public final class GarbageComponents {
    private final List<int[]> distributed;
    private final long retained;

    private GarbageComponents(List<int[]> distributed, long retained) {
        this.distributed = distributed;
        this.retained = retained;
    }

    /** Distributed components, each as its nodes ascending, ordered by smallest node. */
    public List<int[]> distributedCycles() {
        return distributed;
    }

    /** Garbage nodes in a distributed component or reachable from one. */
    public long retainedByCycles() {
        return retained;
    }

    public static GarbageComponents find(ObjectGraph g, Marks marks) {
        int garbage = marks.unmarkedCount();
        if (garbage == 0) {
            return new GarbageComponents(List.of(), 0);
        }
        int[] offsets = g.offsets;
        int[] targets = g.targets;
        GarbageRank dense = new GarbageRank(marks);
        int[] nodes = new int[garbage];
        int k = 0;
        for (int v = marks.nextUnmarked(0); v >= 0; v = marks.nextUnmarked(v + 1)) {
            nodes[k++] = v;
        }
        int[] index = new int[garbage];
        Arrays.fill(index, -1);
        int[] low = new int[garbage];
        int[] cursor = new int[garbage];
        int[] sccStack = new int[garbage];
        int[] callStack = new int[garbage];
        long[] onStack = new long[(garbage + 63) >>> 6];
        int ssp = 0;
        int csp = 0;
        int counter = 0;
        List<int[]> found = new ArrayList<>();
        for (int s = 0; s < garbage; s++) {
            if (index[s] >= 0) {
                continue;
            }
            index[s] = low[s] = counter++;
            cursor[s] = offsets[nodes[s]];
            sccStack[ssp++] = s;
            onStack[s >>> 6] |= 1L << s;
            callStack[csp++] = s;
            while (csp > 0) {
                int v = callStack[csp - 1];
                if (cursor[v] < offsets[nodes[v] + 1]) {
                    int w = dense.of(targets[cursor[v]++]);
                    if (w < 0) {
                        continue; // a reference from garbage to a live object
                    }
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        cursor[w] = offsets[nodes[w]];
                        sccStack[ssp++] = w;
                        onStack[w >>> 6] |= 1L << w;
                        callStack[csp++] = w;
                    } else if ((onStack[w >>> 6] & (1L << w)) != 0 && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                    continue;
                }
                csp--;
                if (csp > 0) {
                    int u = callStack[csp - 1];
                    if (low[v] < low[u]) {
                        low[u] = low[v];
                    }
                }
                if (low[v] == index[v]) {
                    int top = ssp;
                    int w;
                    do {
                        w = sccStack[--ssp];
                        onStack[w >>> 6] &= ~(1L << w);
                    } while (w != v);
                    int size = top - ssp;
                    if (size > 1) {
                        int p0 = g.processIndexOf(nodes[sccStack[ssp]]);
                        boolean spans = false;
                        for (int i = ssp + 1; i < top && !spans; i++) {
                            spans = g.processIndexOf(nodes[sccStack[i]]) != p0;
                        }
                        if (spans) {
                            int[] members = new int[size];
                            for (int i = 0; i < size; i++) {
                                members[i] = nodes[sccStack[ssp + i]];
                            }
                            Arrays.sort(members);
                            found.add(members);
                        }
                    }
                }
            }
        }
        found.sort((a, b) -> Integer.compare(a[0], b[0]));
        return new GarbageComponents(List.copyOf(found), retained(g, dense, nodes, found, sccStack));
    }

    /** Garbage reachable from the distributed cycles, by an iterative traversal over garbage only. */
    private static long retained(ObjectGraph g, GarbageRank dense, int[] nodes, List<int[]> cycles, int[] stack) {
        if (cycles.isEmpty()) {
            return 0;
        }
        long[] seen = new long[(nodes.length + 63) >>> 6];
        long count = 0;
        int sp = 0;
        for (int[] c : cycles) {
            for (int v : c) {
                int d = dense.of(v);
                if ((seen[d >>> 6] & (1L << d)) == 0) {
                    seen[d >>> 6] |= 1L << d;
                    count++;
                    stack[sp++] = d;
                }
            }
        }
        while (sp > 0) {
            int v = nodes[stack[--sp]];
            for (int i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
                int d = dense.of(g.targets[i]);
                if (d >= 0 && (seen[d >>> 6] & (1L << d)) == 0) {
                    seen[d >>> 6] |= 1L << d;
                    count++;
                    stack[sp++] = d;
                }
            }
        }
        return count;
    }

    /**
     * A node's index among the garbage (unmarked) nodes, or -1 for a marked node: unmarked nodes
     * before its 64-bit word (a table) plus those below it in the word (a popcount). O(1), about
     * {@code n/16} bytes, small enough to stay in cache where an {@code int[n]} would not.
     */
    private static final class GarbageRank {
        private final long[] bits;
        private final int[] before;

        GarbageRank(Marks marks) {
            this.bits = marks.words();
            this.before = new int[bits.length];
            int acc = 0;
            for (int w = 0; w < bits.length; w++) {
                before[w] = acc;
                acc += Long.bitCount(~bits[w]);
            }
        }

        int of(int node) {
            long word = bits[node >>> 6];
            if ((word & (1L << node)) != 0) {
                return -1;
            }
            return before[node >>> 6] + Long.bitCount(~word & ((1L << node) - 1));
        }
    }
}
