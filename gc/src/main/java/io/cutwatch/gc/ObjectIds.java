package io.cutwatch.gc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.LongStream;

/**
 * An immutable, sorted set of object ids of one process, stored as one {@code long[]} (8 bytes
 * per id, no boxing). {@link #contains} is a binary search, O(log n). Equal when the ids are.
 */
public final class ObjectIds {
    private static final ObjectIds EMPTY = new ObjectIds(new long[0]);
    private final long[] ids;

    private ObjectIds(long[] sortedUnique) {
        this.ids = sortedUnique;
    }

    public static ObjectIds empty() {
        return EMPTY;
    }

    /** The set of the given ids (copied, sorted, duplicates removed). */
    public static ObjectIds of(long... ids) {
        long[] a = ids.clone();
        Arrays.sort(a);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                a[n++] = a[i];
            }
        }
        return n == 0 ? EMPTY : new ObjectIds(n == a.length ? a : Arrays.copyOf(a, n));
    }

    public static ObjectIds of(Collection<Long> ids) {
        long[] a = new long[ids.size()];
        int i = 0;
        for (long id : ids) {
            a[i++] = id;
        }
        return of(a);
    }

    /** Wraps an array the caller guarantees sorted ascending without duplicates and never changes. */
    static ObjectIds ofSortedUnique(long[] ids) {
        return ids.length == 0 ? EMPTY : new ObjectIds(ids);
    }

    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    public boolean contains(long id) {
        return Arrays.binarySearch(ids, id) >= 0;
    }

    /** The id at position {@code i} in ascending order. */
    public long get(int i) {
        return ids[i];
    }

    public LongStream stream() {
        return Arrays.stream(ids);
    }

    /** A copy of the ids, ascending. */
    public long[] toArray() {
        return ids.clone();
    }

    /** The ids boxed, ascending (for small sets: logs, tests). */
    public List<Long> toList() {
        List<Long> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(id);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectIds other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    /** Up to 20 ids, then a count of the rest. */
    @Override
    public String toString() {
        if (ids.length <= 20) {
            return Arrays.toString(ids);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            b.append(ids[i]).append(", ");
        }
        return b.append("... ").append(ids.length - 20).append(" more]").toString();
    }
}
