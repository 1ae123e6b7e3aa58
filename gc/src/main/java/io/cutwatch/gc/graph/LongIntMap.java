package io.cutwatch.gc.graph;

import java.util.Arrays;

/**
 * Open-addressing hash map from {@code long} keys to non-negative {@code int} values (linear
 * probing, load factor at most 1/2): 12 bytes per slot, no boxing. Internal to graph building.
 */
final class LongIntMap {
    private static final int FREE = -1;
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, FREE);
        mask = cap - 1;
    }

    /** Puts {@code key -> value} unless the key is present; returns the existing value or -1. */
    int putIfAbsent(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if ((size + 1) * 2L > keys.length) {
            rehash();
        }
        int i = slot(key);
        while (values[i] != FREE) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return FREE;
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        int i = slot(key);
        while (values[i] != FREE) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return FREE;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        int cap = keys.length * 2;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, FREE);
        mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != FREE) {
                int j = slot(oldKeys[i]);
                while (values[j] != FREE) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
