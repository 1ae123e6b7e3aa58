package io.cutwatch.gc.graph;

/**
 * Global marking: every node reachable from a local root or an in-transit root.
 *
 * <p>An iterative depth-first traversal over the CSR arrays with an explicit {@code int} stack,
 * so no recursion and no depth limit: a chain of ten million objects marks like a wide tree.
 * A node is marked when first pushed, so each node is pushed at most once and each edge read
 * once: O(n + e) time; extra memory is the bitset ({@code n/8} bytes) plus the stack (at most
 * {@code 4n} bytes, grown on demand). Single-threaded; the graph is only read.
 */
public final class Marking {
    private Marking() {
    }

    public static Marks mark(ObjectGraph g) {
        int n = g.nodeCount();
        long[] bits = new long[(n + 63) >>> 6];
        int[] stack = new int[Math.max(16, Math.min(n, 1 << 16))];
        int sp = 0;
        int marked = 0;
        final int[] offsets = g.offsets;
        final int[] targets = g.targets;
        for (int[] rootSet : new int[][] {g.roots, g.inTransitRoots}) {
            for (int r : rootSet) {
                long bit = 1L << r;
                if ((bits[r >>> 6] & bit) != 0) {
                    continue;
                }
                bits[r >>> 6] |= bit;
                marked++;
                stack[0] = r;
                sp = 1;
                while (sp > 0) {
                    int v = stack[--sp];
                    for (int i = offsets[v], end = offsets[v + 1]; i < end; i++) {
                        int w = targets[i];
                        long b = 1L << w;
                        int word = w >>> 6;
                        if ((bits[word] & b) == 0) {
                            bits[word] |= b;
                            marked++;
                            if (sp == stack.length) {
                                stack = java.util.Arrays.copyOf(stack, (int) Math.min((long) stack.length * 2, n));
                            }
                            stack[sp++] = w;
                        }
                    }
                }
            }
        }
        return new Marks(bits, n, marked);
    }
}
