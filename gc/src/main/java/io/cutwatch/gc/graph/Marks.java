package io.cutwatch.gc.graph;

/**
 * The result of marking: one bit per node of an {@link ObjectGraph}, set for reachable nodes.
 * Immutable after {@link Marking#mark} returns.
 */
public final class Marks {
    private final long[] bits;
    private final int nodes;
    private final int marked;

    Marks(long[] bits, int nodes, int marked) {
        this.bits = bits;
        this.nodes = nodes;
        this.marked = marked;
    }

    /** The mark bits, one per node (bit {@code v & 63} of word {@code v >>> 6}); read only. */
    long[] words() {
        return bits;
    }

    public boolean isMarked(int node) {
        return (bits[node >>> 6] & (1L << node)) != 0;
    }

    /** Reachable nodes. */
    public int markedCount() {
        return marked;
    }

    /** Unreachable nodes: the garbage. */
    public int unmarkedCount() {
        return nodes - marked;
    }

    /** The first unmarked node at or after {@code from}, or -1. */
    public int nextUnmarked(int from) {
        if (from >= nodes) {
            return -1;
        }
        int w = from >>> 6;
        long word = ~bits[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                int v = (w << 6) + Long.numberOfTrailingZeros(word);
                return v < nodes ? v : -1;
            }
            if (++w == bits.length) {
                return -1;
            }
            word = ~bits[w];
        }
    }
}
