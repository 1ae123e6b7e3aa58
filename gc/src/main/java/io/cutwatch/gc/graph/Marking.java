package io.cutwatch.gc.graph;

/**
 * Global marking: every node reachable from a local root or an in-transit root.
 *
 * <p>A level-synchronous breadth-first traversal over the CSR arrays, without recursion (no
 * depth limit: a chain of ten million objects marks like a wide tree). Each level's frontier is
 * kept as a short list of nodes while it is small, and as a bitset once it holds more than
 * {@code n/64} nodes; a dense frontier is then expanded in increasing node order, so the reads of
 * {@code offsets} and {@code targets} run forward through memory instead of jumping at random,
 * which is what makes it faster than a textbook queue-based BFS on large graphs. A node is
 * marked when first discovered, so each node is expanded once and each edge read once:
 * O(n + e) time (scanning a dense frontier costs {@code n/64} words, never more than its size).
 * Extra memory is three bitsets and two lists of {@code n/64} ints: about {@code n/2} bytes.
 * Single-threaded; the graph is only read.
 */
public final class Marking {
    private Marking() {
    }

    public static Marks mark(ObjectGraph g) {
        return new Run(g).mark();
    }

    private static final class Run {
        final int[] offsets;
        final int[] targets;
        final int n;
        final long[] marked;
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
        final ObjectGraph g;

        Run(ObjectGraph g) {
            this.g = g;
            this.offsets = g.offsets;
            this.targets = g.targets;
            this.n = g.nodeCount();
            int words = (n + 63) >>> 6;
            this.marked = new long[words];
            this.limit = Math.max(256, n >>> 6);
            this.curList = new int[limit];
            this.nextList = new int[limit];
            // The bitsets are only needed once a frontier turns dense.
            this.curBits = new long[0];
            this.nextBits = new long[0];
        }

        Marks mark() {
            for (int[] rootSet : new int[][] {g.roots, g.inTransitRoots}) {
                for (int r : rootSet) {
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
            return new Marks(marked, n, count);
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
