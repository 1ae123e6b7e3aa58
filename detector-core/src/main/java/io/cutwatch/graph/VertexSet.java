package io.cutwatch.graph;

import java.util.Arrays;

/**
 * A set of vertices of a graph on {@code 0..n-1}, as one bit per vertex (bit {@code v & 63} of
 * word {@code v >>> 6}). What {@link ReachableVertices} returns and what restricts
 * {@link StronglyConnectedComponents} to a subgraph.
 *
 * <p>{@code n/8} bytes; {@link #contains} is O(1), {@link #nextMember}/{@link #nextNonMember}
 * skip 64 vertices per step. {@link #rank} is O(1) after a first call that builds an index of
 * {@code n/16} bytes: the members before each 64-bit word. Immutable and thread-safe.
 */
public final class VertexSet {
    private final long[] words;
    private final int universe;
    private final int size;
    /** Members before each word; built on the first {@link #rank} call. */
    private volatile int[] before;

    /** Takes ownership of {@code words}; bits at and beyond {@code universe} must be clear. */
    VertexSet(long[] words, int universe, int size) {
        this.words = words;
        this.universe = universe;
        this.size = size;
    }

    /** The set of {@code vertices} (duplicates ignored) among {@code 0..universe-1}. O(universe/64 + k). */
    public static VertexSet of(int universe, int... vertices) {
        if (universe < 0) {
            throw new IllegalArgumentException("universe must be >= 0, got " + universe);
        }
        long[] w = new long[words(universe)];
        int size = 0;
        for (int v : vertices) {
            if (v < 0 || v >= universe) {
                throw new IllegalArgumentException(v + " is not a vertex (0.." + (universe - 1) + ")");
            }
            if ((w[v >>> 6] & (1L << v)) == 0) {
                w[v >>> 6] |= 1L << v;
                size++;
            }
        }
        return new VertexSet(w, universe, size);
    }

    static int words(int universe) {
        return (universe + 63) >>> 6;
    }

    /** The number of vertices of the graph, {@code n}. */
    public int universe() {
        return universe;
    }

    /** The number of vertices in the set. */
    public int size() {
        return size;
    }

    public boolean contains(int vertex) {
        return (words[vertex >>> 6] & (1L << vertex)) != 0;
    }

    /** The smallest member at or after {@code from}, or -1. */
    public int nextMember(int from) {
        return next(from, 0L);
    }

    /** The smallest vertex at or after {@code from} that is not a member, or -1. */
    public int nextNonMember(int from) {
        return next(from, -1L);
    }

    private int next(int from, long flip) {
        if (from < 0) {
            from = 0;
        }
        if (from >= universe) {
            return -1;
        }
        int w = from >>> 6;
        long word = (words[w] ^ flip) & (-1L << from);
        while (true) {
            if (word != 0) {
                int v = (w << 6) + Long.numberOfTrailingZeros(word);
                return v < universe ? v : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w] ^ flip;
        }
    }

    /**
     * The index of {@code vertex} among the members in increasing order, or -1 if it is not a
     * member: the members before its word (a table) plus those below it in the word (a
     * popcount). O(1); the first call builds the table in O(n/64). Small enough to stay in cache
     * where an {@code int[n]} would not.
     */
    public int rank(int vertex) {
        long word = words[vertex >>> 6];
        if ((word & (1L << vertex)) == 0) {
            return -1;
        }
        int[] b = before;
        if (b == null) {
            b = rankIndex();
        }
        return b[vertex >>> 6] + Long.bitCount(word & ((1L << vertex) - 1));
    }

    private int[] rankIndex() {
        int[] b = new int[words.length];
        int acc = 0;
        for (int w = 0; w < words.length; w++) {
            b[w] = acc;
            acc += Long.bitCount(words[w]);
        }
        before = b;
        return b;
    }

    /** The vertices of {@code 0..n-1} not in this set. O(n/64). */
    public VertexSet complement() {
        long[] c = new long[words.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = ~words[i];
        }
        clearTail(c, universe);
        return new VertexSet(c, universe, universe - size);
    }

    /** The members in increasing order. O(n/64 + size). */
    public int[] toArray() {
        int[] out = new int[size];
        int k = 0;
        for (int v = nextMember(0); v >= 0; v = nextMember(v + 1)) {
            out[k++] = v;
        }
        return out;
    }

    /** The bits, read only: for the algorithms of this package. */
    long[] words() {
        return words;
    }

    static void clearTail(long[] words, int universe) {
        if ((universe & 63) != 0) {
            words[words.length - 1] &= (1L << universe) - 1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VertexSet s && s.universe == universe && Arrays.equals(s.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * universe + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("VertexSet{").append(size).append(" of ").append(universe);
        int shown = 0;
        for (int v = nextMember(0); v >= 0 && shown < 16; v = nextMember(v + 1), shown++) {
            b.append(shown == 0 ? ": " : ", ").append(v);
        }
        return b.append(size > 16 ? ", ...}" : "}").toString();
    }
}
