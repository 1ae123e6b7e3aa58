package io.cutwatch.gc;

import java.util.Arrays;

/** A growable {@code long[]}; internal to graph building. */
final class LongList {
    private long[] a;
    private int size;

    LongList(int capacity) {
        a = new long[Math.max(4, capacity)];
    }

    void add(long v) {
        if (size == a.length) {
            long next = Math.min((long) a.length * 2, Integer.MAX_VALUE - 8);
            if (next <= a.length) {
                throw new IllegalStateException("more than " + a.length + " entries: too large for one object graph");
            }
            a = Arrays.copyOf(a, (int) next);
        }
        a[size++] = v;
    }

    long get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long[] toArray() {
        return size == a.length ? a : Arrays.copyOf(a, size);
    }
}
