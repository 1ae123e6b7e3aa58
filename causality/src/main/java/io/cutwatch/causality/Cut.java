package io.cutwatch.causality;

import java.util.Arrays;

/**
 * A cut: for every process, how many of its events (a prefix length) are inside. Immutable.
 *
 * <p>Cut {@code (c0, ..., cn-1)} contains events {@code 0 .. ci-1} of process {@code i}. Its rank
 * is the total number of events inside; in the lattice of consistent cuts, level {@code k} holds
 * the consistent cuts of rank {@code k}.
 */
public final class Cut implements Comparable<Cut> {
    private final int[] lengths;

    private Cut(int[] lengths) {
        this.lengths = lengths;
    }

    /** A cut with the given prefix lengths (copied); each must be {@code >= 0}. */
    public static Cut of(int... lengths) {
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0) {
                throw new IllegalArgumentException("cut entry " + i + " is negative: " + lengths[i]);
            }
        }
        return new Cut(lengths.clone());
    }

    /** Wraps without copying; the caller gives up the array. */
    static Cut wrap(int[] lengths) {
        return new Cut(lengths);
    }

    /**
     * Parses {@code "2,1,0"} (commas, optional spaces, optional surrounding parentheses).
     *
     * @throws IllegalArgumentException naming the entry that is not a non-negative integer
     */
    public static Cut parse(String text) {
        String s = text.trim();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isBlank()) {
            return new Cut(new int[0]);
        }
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cut '" + text + "': entry " + (i + 1) + " ('" + parts[i].trim()
                        + "') is not a number");
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("cut '" + text + "': entry " + (i + 1) + " is negative");
            }
        }
        return new Cut(out);
    }

    /** Number of processes. */
    public int size() {
        return lengths.length;
    }

    /** Prefix length of process {@code i}. */
    public int get(int i) {
        return lengths[i];
    }

    /** Total number of events in the cut (its level in the lattice). */
    public int rank() {
        int r = 0;
        for (int l : lengths) {
            r += l;
        }
        return r;
    }

    public int[] toArray() {
        return lengths.clone();
    }

    int[] raw() {
        return lengths;
    }

    /** This cut with one more event of process {@code i}. */
    public Cut advance(int i) {
        int[] next = lengths.clone();
        next[i]++;
        return new Cut(next);
    }

    /** Entry-wise {@code <=}: every event of this cut is in {@code other}. */
    public boolean leq(Cut other) {
        if (other.lengths.length != lengths.length) {
            throw new IllegalArgumentException("cuts of different sizes: " + this + " vs " + other);
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > other.lengths[i]) {
                return false;
            }
        }
        return true;
    }

    /** Lexicographic order (for stable output); not the lattice order, see {@link #leq}. */
    @Override
    public int compareTo(Cut o) {
        return Arrays.compare(lengths, o.lengths);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cut c && Arrays.equals(lengths, c.lengths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengths);
    }

    /** {@code (2,1,0)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < lengths.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(lengths[i]);
        }
        return sb.append(')').toString();
    }
}
