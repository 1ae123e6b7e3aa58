package io.cutwatch.clock;

import java.util.Arrays;

/**
 * An immutable vector clock over a fixed, indexed set of processes (the topology's order).
 *
 * <p>Entry {@code i} counts the events of process {@code i} that causally precede (or are) the
 * event this clock stamps. Operations are O(n) in the number of processes and never mutate the
 * receiver. Two clocks of different widths are incomparable; methods that combine them throw
 * {@link IllegalArgumentException}.
 */
public final class VectorClock {
    private final long[] entries;

    private VectorClock(long[] entries) {
        this.entries = entries;
    }

    /** The clock before any event: {@code width} zeros. */
    public static VectorClock zero(int width) {
        if (width < 0) {
            throw new IllegalArgumentException("vector clock width must be >= 0, got " + width);
        }
        return new VectorClock(new long[width]);
    }

    /** A clock with the given entries (copied). */
    public static VectorClock of(long... entries) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] < 0) {
                throw new IllegalArgumentException("vector clock entry " + i + " is negative: " + entries[i]);
            }
        }
        return new VectorClock(entries.clone());
    }

    public int width() {
        return entries.length;
    }

    public long get(int process) {
        return entries[process];
    }

    /** The entries as a fresh array. */
    public long[] toArray() {
        return entries.clone();
    }

    /** This clock with entry {@code process} incremented: the stamp of a new local event. */
    public VectorClock tick(int process) {
        long[] next = entries.clone();
        next[process]++;
        return new VectorClock(next);
    }

    /** The entry-wise maximum of this clock and {@code other}. */
    public VectorClock merge(VectorClock other) {
        requireSameWidth(other);
        long[] next = entries.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] = Math.max(next[i], other.entries[i]);
        }
        return new VectorClock(next);
    }

    /** Entry-wise {@code this <= other}. */
    public boolean leq(VectorClock other) {
        requireSameWidth(other);
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] > other.entries[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code this -> other} in Lamport's happened-before: {@code this <= other} and not equal. */
    public boolean happenedBefore(VectorClock other) {
        return leq(other) && !Arrays.equals(entries, other.entries);
    }

    /** Neither clock happened before the other and they differ. */
    public boolean concurrentWith(VectorClock other) {
        return !leq(other) && !other.leq(this);
    }

    private void requireSameWidth(VectorClock other) {
        if (other.entries.length != entries.length) {
            throw new IllegalArgumentException(
                    "vector clocks of different widths: " + entries.length + " vs " + other.entries.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorClock v && Arrays.equals(entries, v.entries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return Arrays.toString(entries);
    }
}
