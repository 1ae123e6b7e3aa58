package io.cutwatch.gc;

import java.util.Arrays;

/** A growable {@code int[]}; internal to graph building. */
final class IntList {
    private int[] a;
    private int size;

    IntList(int capacity) {
        a = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == a.length) {
            grow();
        }
        a[size++] = v;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The contents, trimmed (may be the backing array when full). */
    int[] toArray() {
        return size == a.length ? a : Arrays.copyOf(a, size);
    }

    private void grow() {
        long next = Math.min((long) a.length * 2, Integer.MAX_VALUE - 8);
        if (next <= a.length) {
            throw new IllegalStateException("more than " + a.length + " entries: too large for one object graph");
        }
        a = Arrays.copyOf(a, (int) next);
    }
}
