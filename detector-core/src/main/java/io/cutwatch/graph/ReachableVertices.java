package io.cutwatch.graph;

import java.util.Objects;

/**
 * The vertices reachable from a set of roots, by a level-synchronous breadth-first search (Moore,
 * "The shortest path through a maze", 1959) over the CSR arrays, with the frontier representation
 * switched by density as in direction-optimising BFS (Beamer, Asanović and Patterson, SC 2012;
 * top-down steps only here).
 *
 * <p>No recursion and no depth limit: a chain of ten million vertices is searched like a wide
 * tree. Each level's frontier is kept as a short list of vertices while it is small and as a
 * bitset once it holds more than {@code n/64} vertices; a dense frontier is then expanded in
 * increasing vertex order, so the reads of the offsets and targets run forward through memory
 * instead of jumping at random, which is what makes it faster than a textbook queue-based BFS on
 * large graphs. A vertex is marked when first discovered, so each vertex is expanded once and each
 * edge read once.
 *
 * <p>Time O(n + m) (scanning a dense frontier costs {@code n/64} words, never more than its size).
 * Memory besides the graph: the result ({@code n/8} bytes), two frontier lists of
 * {@code max(256, n/64)} ints and, once a frontier turns dense, two more bitsets: about
 * {@code n/2} bytes at most. Single-threaded; the graph is only read. Stateless and thread-safe.
 */
public final class ReachableVertices {
    private ReachableVertices() {
    }

    /**
     * The vertices reachable from any vertex of the root arrays (the roots included; duplicates are
     * fine).
     *
     * @throws IllegalArgumentException if a root is not a vertex
     */
    public static VertexSet from(CsrDigraph g, int[]... roots) {
        return new Search(g, null).run(roots);
    }

    /**
     * The vertices reachable from the roots along paths that avoid {@code blocked}: roots in
     * {@code blocked} are ignored, and the search never enters a blocked vertex. The result
     * contains no blocked vertex. For example, the garbage reachable from some garbage, where the
     * live (marked) vertices are blocked. Extra O(n/64) time for the blocked set.
     *
     * @throws IllegalArgumentException if a root is not a vertex or {@code blocked} belongs to a
     *                                  graph of another size
     */
    public static VertexSet from(CsrDigraph g, VertexSet blocked, int[]... roots) {
        Objects.requireNonNull(blocked, "blocked");
        if (blocked.universe() != g.vertexCount()) {
            throw new IllegalArgumentException("the blocked set is over " + blocked.universe() + " vertices, the graph has "
                    + g.vertexCount());
        }
        return new Search(g, blocked).run(roots);
    }

    private static final class Search {
        final int[] offsets;
        final int[] targets;
        final int n;
        final long[] marked;
        final VertexSet blocked;
        final int limit;
        long[] curBits;
        long[] nextBits;
        int[] curList;
        int[] nextList;
        int curSize;
        boolean curDense;
        int nextSize;
        boolean nextDense;
        int count;

        Search(CsrDigraph g, VertexSet blocked) {
            this.offsets = g.offsets;
            this.targets = g.targets;
            this.n = g.vertexCount();
            this.blocked = blocked;
            // Blocked vertices start marked, so the search never discovers them.
            this.marked = blocked == null ? new long[VertexSet.words(n)] : blocked.words().clone();
            this.limit = Math.max(256, n >>> 6);
            this.curList = new int[limit];
            this.nextList = new int[limit];
            // The bitsets are only needed once a frontier turns dense.
            this.curBits = new long[0];
            this.nextBits = new long[0];
        }

        VertexSet run(int[][] roots) {
            for (int[] rootSet : roots) {
                for (int r : rootSet) {
                    if (r < 0 || r >= n) {
                        throw new IllegalArgumentException("root " + r + " is not a vertex (0.." + (n - 1) + ")");
                    }
                    discover(r);
                }
            }
            while (nextSize > 0 || nextDense) {
                swap();
                if (curDense) {
                    expandDense();
                } else {
                    for (int k = 0; k < curSize; k++) {
                        expand(curList[k]);
                    }
                }
            }
            if (blocked != null) {
                long[] b = blocked.words();
                for (int w = 0; w < marked.length; w++) {
                    marked[w] &= ~b[w];
                }
            }
            return new VertexSet(marked, n, count);
        }

        private void swap() {
            long[] b = curBits;
            curBits = nextBits;
            nextBits = b;
            int[] l = curList;
            curList = nextList;
            nextList = l;
            curSize = nextSize;
            curDense = nextDense;
            nextSize = 0;
            nextDense = false;
        }

        private void expandDense() {
            long[] bits = curBits;
            for (int w = 0; w < bits.length; w++) {
                long x = bits[w];
                if (x == 0) {
                    continue;
                }
                bits[w] = 0; // leaves the bitset clear for its next use as the next frontier
                while (x != 0) {
                    expand((w << 6) | Long.numberOfTrailingZeros(x));
                    x &= x - 1;
                }
            }
        }

        private void expand(int v) {
            for (int i = offsets[v], end = offsets[v + 1]; i < end; i++) {
                discover(targets[i]);
            }
        }

        private void discover(int w) {
            int word = w >>> 6;
            long bit = 1L << w;
            if ((marked[word] & bit) != 0) {
                return;
            }
            marked[word] |= bit;
            count++;
            if (nextDense) {
                nextBits[word] |= bit;
            } else if (nextSize < limit) {
                nextList[nextSize++] = w;
            } else {
                toDense();
                nextBits[word] |= bit;
            }
        }

        private void toDense() {
            if (nextBits.length == 0) {
                nextBits = new long[marked.length];
            }
            for (int k = 0; k < nextSize; k++) {
                int v = nextList[k];
                nextBits[v >>> 6] |= 1L << v;
            }
            nextSize = 0;
            nextDense = true;
        }
    }
}
