package io.cutwatch.hazelcast;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The serialized forms of the payloads most recently delivered on one incoming channel, kept so
 * that a local snapshot recording those payloads stores the bytes that arrived on the wire
 * instead of serializing the objects again (a recorded message is always one that was
 * delivered, as an object decoded from exactly these bytes).
 *
 * <p>Kept per ringbuffer item: the decoded payload objects, their lengths and the item's payload
 * bytes (shared, never copied or modified). Bounded by {@code maxEnvelopes} envelopes and
 * {@code maxBytes} payload bytes (whole items, the oldest go first; an item larger than
 * {@code maxBytes} is not kept). A payload no longer kept is serialized again by the caller, so
 * the bound only affects speed.
 *
 * <p>Lookup is by object identity. Two recorded entries that are the same object (e.g. a cached
 * {@code Integer}) serialize to the same bytes, so any kept occurrence will do.
 *
 * <p>Threading: {@link #add} from the channel reader, {@link #find} from the recording process's
 * thread; guarded by {@code this}. {@code add} is O(1); {@code find} O(kept + found).
 */
final class ReceivedPayloads {
    /** Default bounds per incoming channel. */
    static final int MAX_ENVELOPES = 4096;
    static final int MAX_BYTES = 256 * 1024;

    private record Item(Object[] payloads, int[] lengths, byte[] bytes) {
    }

    /** Where the serialized form of {@code find}'s i-th object lies; {@code buffers[i] == null} if not kept. */
    record Slices(byte[][] buffers, int[] offsets, int[] lengths) {
        boolean has(int i) {
            return buffers[i] != null;
        }
    }

    private final int maxEnvelopes;
    private final long maxBytes;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private int envelopes;
    private long bytes;

    ReceivedPayloads() {
        this(MAX_ENVELOPES, MAX_BYTES);
    }

    ReceivedPayloads(int maxEnvelopes, long maxBytes) {
        this.maxEnvelopes = maxEnvelopes;
        this.maxBytes = maxBytes;
    }

    /**
     * One ringbuffer item was decoded: {@code payloads[i]} (null for a marker) was decoded from
     * {@code lengths[i]} bytes, in order, of {@code bytes}. The arrays must not change afterwards.
     */
    synchronized void add(Object[] payloads, int[] lengths, byte[] bytes) {
        if (payloads.length > maxEnvelopes || bytes.length > maxBytes) {
            return;
        }
        items.addLast(new Item(payloads, lengths, bytes));
        envelopes += payloads.length;
        this.bytes += bytes.length;
        while (envelopes > maxEnvelopes || this.bytes > maxBytes) {
            Item old = items.removeFirst();
            envelopes -= old.payloads.length;
            this.bytes -= old.bytes.length;
        }
    }

    /** For each of {@code objects}, where its received bytes lie, if still kept. */
    Slices find(List<?> objects) {
        int n = objects.size();
        Slices out = new Slices(new byte[n][], new int[n], new int[n]);
        if (n == 0) {
            return out;
        }
        Map<Object, Integer> wanted = new IdentityHashMap<>(n * 2);
        for (int i = n - 1; i >= 0; i--) {
            wanted.put(objects.get(i), i);
        }
        int found = 0;
        synchronized (this) {
            // Newest first: recorded messages are among the latest deliveries.
            for (Iterator<Item> it = items.descendingIterator(); it.hasNext() && found < wanted.size(); ) {
                Item item = it.next();
                int off = item.bytes.length;
                for (int k = item.payloads.length - 1; k >= 0; k--) {
                    off -= item.lengths[k];
                    Object p = item.payloads[k];
                    if (p == null) {
                        continue;
                    }
                    Integer i = wanted.get(p);
                    if (i != null && out.buffers[i] == null) {
                        out.buffers[i] = item.bytes;
                        out.offsets[i] = off;
                        out.lengths[i] = item.lengths[k];
                        found++;
                    }
                }
            }
        }
        // Repeated identical objects: copy the slice to every occurrence.
        if (wanted.size() < n) {
            for (int i = 0; i < n; i++) {
                if (out.buffers[i] == null) {
                    Integer j = wanted.get(objects.get(i));
                    if (j != null && out.buffers[j] != null) {
                        out.buffers[i] = out.buffers[j];
                        out.offsets[i] = out.offsets[j];
                        out.lengths[i] = out.lengths[j];
                    }
                }
            }
        }
        return out;
    }

    /** Envelopes kept now (for tests). */
    synchronized int envelopes() {
        return envelopes;
    }
}
