package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The messages a snapshot recorded in transit on one channel, kept in the form a backend stored
 * them in and decoded on first read. A read-only {@link List}: {@link #size()} is known without
 * decoding; the first read of an element (get, iteration, equality, ...) runs the backend's
 * {@link Decoder} once, and every later read, from any thread, sees that result.
 *
 * <p>Why: a snapshot records every message in transit, and most consumers of a snapshot (counting
 * messages in transit, keeping it in a store, detectors that look only at states) never look at
 * them. A backend that receives a remote process's piece as bytes hands the core this list
 * instead of deserializing every recorded message when the snapshot is assembled; the decoding
 * cost moves to the first reader, or goes away when nobody reads them. The backend validates
 * the stored form's structure before building the list, so what is left for read time is the
 * decoding of each message itself.
 *
 * <p>Failure: if the decoder throws or returns another number of messages than {@link #size()},
 * every read throws an {@link UndecodableMessagesException} naming the snapshot and the channel
 * (with the decoder's failure as its cause); the decoder is not run again.
 *
 * <p>Thread-safe: the first reader decodes under this list's lock (double-checked on a volatile
 * field); later reads take no lock. Cost: the decoder's cost once, then O(1) per element.
 */
public final class RecordedMessages extends AbstractList<Object> implements RandomAccess {
    /** Decodes the stored form of one channel's recorded messages; called at most once. */
    @FunctionalInterface
    public interface Decoder {
        /**
         * The recorded messages, in send order.
         *
         * @throws RuntimeException if the stored form cannot be decoded
         */
        List<Object> decode();
    }

    private final long snapshotId;
    private final ChannelId channel;
    private final int size;
    private Decoder decoder;
    private volatile Object[] decoded;
    private volatile RuntimeException failure;

    /**
     * {@code size} messages recorded by snapshot {@code snapshotId} on {@code channel}, decoded
     * by {@code decoder} when first read.
     */
    public RecordedMessages(long snapshotId, ChannelId channel, int size, Decoder decoder) {
        if (size < 0) {
            throw new IllegalArgumentException("negative message count " + size + " on " + channel);
        }
        this.snapshotId = snapshotId;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.size = size;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object get(int index) {
        Objects.checkIndex(index, size);
        return messages()[index];
    }

    /**
     * The messages as a list prints them (decoding them if needed); if they cannot be decoded, a
     * line saying so instead of an exception, so that printing a snapshot never throws.
     */
    @Override
    public String toString() {
        try {
            return super.toString();
        } catch (UndecodableMessagesException e) {
            return "[" + size + " messages that cannot be decoded: " + e.getCause().getMessage() + "]";
        }
    }

    /** Whether the messages have been decoded (successfully or not) already. */
    public boolean isDecoded() {
        return decoded != null || failure != null;
    }

    private Object[] messages() {
        Object[] m = decoded;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (decoded == null && failure == null) {
                decode();
            }
        }
        if (failure != null) {
            throw new UndecodableMessagesException(snapshotId, channel, failure);
        }
        return decoded;
    }

    private void decode() {
        Decoder d = decoder;
        decoder = null;
        try {
            List<Object> out = d.decode();
            if (out == null || out.size() != size) {
                failure = new IllegalStateException("decoded " + (out == null ? "nothing" : out.size() + " messages")
                        + " where " + size + " were recorded");
                return;
            }
            decoded = out.toArray();
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
