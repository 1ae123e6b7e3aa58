package io.cutwatch.gc;

import java.util.Arrays;

/**
 * The id index of one process while a graph is built: an open-addressing hash table (linear
 * probing, Fibonacci hashing) from object id to node, sized once for a known number of objects
 * at a load factor between 0.35 and 0.7. Keys and nodes sit in parallel primitive arrays
 * ({@code long[]} and {@code int[]}, 12 bytes per slot, about 17 to 34 bytes per object): a
 * lookup's two loads are independent, so a probe costs one memory latency, not two. No boxing,
 * no resizing. Internal to graph building.
 */
final class IdTable {
    private static final int FREE = -1;
    private final long[] keys;
    private final int[] nodes;
    private final int shift;
    private final int mask;
    private final int capacity;
    private int size;

    /** A table for at most {@code expected} entries. */
    IdTable(int expected) {
        this.capacity = Math.max(0, expected);
        int slotCount = Integer.highestOneBit(Math.max(4, (int) Math.min(1 << 30, (long) Math.ceil(capacity / 0.7))) - 1) << 1;
        keys = new long[slotCount];
        nodes = new int[slotCount];
        Arrays.fill(nodes, FREE);
        mask = slotCount - 1;
        shift = 64 - Integer.numberOfTrailingZeros(slotCount);
    }

    /**
     * Maps {@code key} to {@code node} (non-negative) unless the key is present; returns the
     * node already mapped, or -1.
     *
     * @throws IllegalStateException if more entries are put than the table was sized for
     */
    int putIfAbsent(long key, int node) {
        int i = slot(key);
        int s;
        while ((s = nodes[i]) != FREE) {
            if (keys[i] == key) {
                return s;
            }
            i = (i + 1) & mask;
        }
        if (size == capacity) {
            throw new IllegalStateException("id table sized for " + capacity + " objects is full");
        }
        keys[i] = key;
        nodes[i] = node;
        size++;
        return FREE;
    }

    /** The node mapped to {@code key}, or -1. */
    int get(long key) {
        return probe(key, slot(key));
    }

    int size() {
        return size;
    }

    /**
     * Maps {@code ids[j] -> j} for every {@code j} in {@code [from, to)}, in order, like
     * {@link #putIfAbsent} each; returns the first {@code j} whose id was already present, or -1
     * (entries before it are in, the rest are not). Reads the home slots of up to
     * {@code touchedNode.length} keys in one tight loop first, so their cache misses overlap.
     */
    int putAll(long[] ids, int from, int to, int[] touchedNode, long[] touchedKey) {
        for (int lo = from; lo < to; lo += touchedNode.length) {
            int hi = Math.min(to, lo + touchedNode.length);
            for (int j = lo; j < hi; j++) {
                int i = slot(ids[j]);
                touchedNode[j - lo] = nodes[i];
                touchedKey[j - lo] = keys[i];
            }
            for (int j = lo; j < hi; j++) {
                if (putIfAbsent(ids[j], j) >= 0) {
                    return j;
                }
            }
        }
        return FREE;
    }

    /**
     * Resolves {@code count} keys at once: {@code out[k] = get(keys[k])}. Reads every key's home
     * slot in one tight loop first, so the cache misses of different keys overlap instead of
     * waiting for each other, then finishes each lookup from there. Same result as {@code get}.
     */
    static void getAll(IdTable[] tables, int[] tableOf, long[] keys, int count, int[] homeNode, long[] homeKey,
                       int[] out) {
        for (int k = 0; k < count; k++) {
            IdTable t = tables[tableOf[k]];
            int i = t.slot(keys[k]);
            homeNode[k] = t.nodes[i];
            homeKey[k] = t.keys[i];
        }
        for (int k = 0; k < count; k++) {
            int s = homeNode[k];
            long key = keys[k];
            if (s == FREE || homeKey[k] == key) {
                out[k] = s;
            } else {
                IdTable t = tables[tableOf[k]];
                out[k] = t.probe(key, (t.slot(key) + 1) & t.mask);
            }
        }
    }

    private int probe(long key, int from) {
        int i = from;
        int s;
        while ((s = nodes[i]) != FREE) {
            if (keys[i] == key) {
                return s;
            }
            i = (i + 1) & mask;
        }
        return FREE;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
