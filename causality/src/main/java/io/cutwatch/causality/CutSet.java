package io.cutwatch.causality;

import java.util.HashSet;
import java.util.Set;

/**
 * A set of cuts of one trace. Cuts are packed into one long (mixed radix, radix = process length +
 * 1) in an open-addressing table when the product of radices fits in 62 bits, else kept as
 * {@link Cut} objects in a {@link HashSet}.
 */
final class CutSet {
    private final long[] radix;
    private final boolean packed;
    private long[] table;
    private int size;
    private final Set<Cut> fallback;

    CutSet(Trace trace, int expected) {
        int n = trace.processCount();
        radix = new long[n];
        double bits = 0;
        for (int i = 0; i < n; i++) {
            radix[i] = trace.length(i) + 1L;
            bits += Math.log(radix[i]) / Math.log(2);
        }
        packed = bits < 62;
        if (packed) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            table = new long[cap];
            java.util.Arrays.fill(table, -1L);
            fallback = null;
        } else {
            fallback = new HashSet<>(Math.max(16, expected * 2));
        }
    }

    /** Adds the cut (copied if needed); whether it was absent. */
    boolean add(int[] cut) {
        if (!packed) {
            return fallback.add(Cut.wrap(cut.clone()));
        }
        long key = 0;
        for (int i = 0; i < cut.length; i++) {
            key = key * radix[i] + cut[i];
        }
        if ((size + 1) * 2 > table.length) {
            grow();
        }
        return insert(table, key);
    }

    private boolean insert(long[] t, long key) {
        int mask = t.length - 1;
        int h = (int) (mix(key) & mask);
        while (true) {
            long v = t[h];
            if (v == -1L) {
                t[h] = key;
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (v == key) {
                return false;
            }
            h = (h + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        java.util.Arrays.fill(t, -1L);
        for (long v : old) {
            if (v != -1L) {
                insert(t, v);
            }
        }
        table = t;
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    int size() {
        return packed ? size : fallback.size();
    }
}
