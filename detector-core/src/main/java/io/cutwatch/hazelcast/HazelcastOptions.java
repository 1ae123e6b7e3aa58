package io.cutwatch.hazelcast;

/**
 * Tuning of a {@link HazelcastBackend}. Every member hosting processes of one namespace must use
 * the same namespace and ringbuffer capacity (the ringbuffer config is cluster-wide).
 *
 * @param namespace          names every Hazelcast structure of this Cutwatch ({@code cutwatch.<namespace>.*});
 *                           letters, digits, '-' and '_'; one namespace per run of a topology
 * @param ringbufferCapacity items per channel ringbuffer, and so the receive window in items
 * @param maxBatch           envelopes per ringbuffer item at most
 * @param maxRead            items per ringbuffer read at most
 * @param ackEvery           the receiver acknowledges at least every this many items
 * @param ackDelayMillis     ...and at most this long after processing an item
 * @param windowPollMillis   how often a sender with a full window re-reads the acknowledgement
 * @param retainSnapshots    completed snapshots kept in the store; older ones are deleted
 * @param threads            pool threads running this member's processes and channel I/O
 * @param seed               seeds the processes' random sources ({@code seed * 1_000_003 + index})
 */
public record HazelcastOptions(String namespace, int ringbufferCapacity, int maxBatch, int maxRead, int ackEvery,
                               long ackDelayMillis, long windowPollMillis, int retainSnapshots, int threads,
                               long seed) {
    public HazelcastOptions {
        if (namespace == null || !namespace.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("namespace must be letters, digits, '-' or '_', got '" + namespace + "'");
        }
        requirePositive(ringbufferCapacity, "ringbufferCapacity");
        requirePositive(maxBatch, "maxBatch");
        requirePositive(maxRead, "maxRead");
        requirePositive(ackEvery, "ackEvery");
        requirePositive(ackDelayMillis, "ackDelayMillis");
        requirePositive(windowPollMillis, "windowPollMillis");
        requirePositive(retainSnapshots, "retainSnapshots");
        requirePositive(threads, "threads");
        if (maxRead > ringbufferCapacity) {
            throw new IllegalArgumentException("maxRead (" + maxRead + ") must not exceed ringbufferCapacity ("
                    + ringbufferCapacity + "): Hazelcast refuses reads larger than the ringbuffer");
        }
        if (ackEvery > ringbufferCapacity) {
            throw new IllegalArgumentException("ackEvery (" + ackEvery + ") must not exceed ringbufferCapacity ("
                    + ringbufferCapacity + "), or a sender would wait for an acknowledgement that never comes early");
        }
    }

    /** Defaults: 128-item ringbuffers, 256 envelopes per item, acknowledgement every 32 items or 2 ms. */
    public static HazelcastOptions defaults(String namespace) {
        return new HazelcastOptions(namespace, 128, 256, 64, 32, 2, 10, 16,
                Math.max(2, Runtime.getRuntime().availableProcessors()), System.nanoTime());
    }

    /** These options with another channel geometry; {@code ackEvery} becomes a quarter of the capacity. */
    public HazelcastOptions withChannels(int ringbufferCapacity, int maxBatch) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, Math.min(maxRead, ringbufferCapacity),
                Math.max(1, ringbufferCapacity / 4),
                ackDelayMillis, windowPollMillis, retainSnapshots, threads, seed);
    }

    public HazelcastOptions withRetainSnapshots(int retain) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, ackDelayMillis,
                windowPollMillis, retain, threads, seed);
    }

    public HazelcastOptions withThreads(int n) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, ackDelayMillis,
                windowPollMillis, retainSnapshots, n, seed);
    }

    public HazelcastOptions withSeed(long s) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, ackDelayMillis,
                windowPollMillis, retainSnapshots, threads, s);
    }

    private static void requirePositive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
