package io.cutwatch.hazelcast;

/**
 * Tuning of a {@link HazelcastBackend}. Every member hosting processes of one namespace must use
 * the same namespace and ringbuffer capacity (the ringbuffer config is cluster-wide).
 *
 * <p>Memory: a channel holds at most {@code ringbufferCapacity} items of at most {@code maxBatch}
 * envelopes each (plus one backup copy); messages beyond the window wait in the sender's memory.
 *
 * @param namespace          names every Hazelcast structure of this Cutwatch ({@code cutwatch.<namespace>.*});
 *                           letters, digits, '-' and '_'; one namespace per run of a topology
 * @param ringbufferCapacity items per channel ringbuffer, and so the receive window in items
 * @param maxBatch           envelopes per ringbuffer item at most
 * @param maxRead            items per ringbuffer read at most (at most the capacity)
 * @param ackEvery           the receiver acknowledges every this many processed items (at most the
 *                           capacity, so a sender waiting on a full window always gets an acknowledgement)
 * @param maxBacklog         envelopes a channel may hold back beyond its window before the sending
 *                           process's local actions and timers wait for it to drain (its message
 *                           handling never waits); {@code 0} turns this off (unbounded backlog)
 * @param windowPollMillis   how often a sender with a full window re-reads the acknowledgement
 *                           (a safety net in case an acknowledgement event is late)
 * @param retainSnapshots    completed snapshots kept in the store; older ones are deleted
 * @param threads            pool threads running this member's processes and channel I/O
 * @param seed               seeds the processes' random sources ({@code seed * 1_000_003 + index})
 */
public record HazelcastOptions(String namespace, int ringbufferCapacity, int maxBatch, int maxRead, int ackEvery,
                               int maxBacklog, long windowPollMillis, int retainSnapshots, int threads, long seed) {
    public HazelcastOptions {
        if (namespace == null || !namespace.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("namespace must be letters, digits, '-' or '_', got '" + namespace + "'");
        }
        requirePositive(ringbufferCapacity, "ringbufferCapacity");
        requirePositive(maxBatch, "maxBatch");
        requirePositive(maxRead, "maxRead");
        requirePositive(ackEvery, "ackEvery");
        requirePositive(windowPollMillis, "windowPollMillis");
        if (maxBacklog < 0) {
            throw new IllegalArgumentException("maxBacklog must be >= 0 (0 = unbounded), got " + maxBacklog);
        }
        requirePositive(retainSnapshots, "retainSnapshots");
        requirePositive(threads, "threads");
        if (maxRead > ringbufferCapacity) {
            throw new IllegalArgumentException("maxRead (" + maxRead + ") must not exceed ringbufferCapacity ("
                    + ringbufferCapacity + "): Hazelcast refuses reads larger than the ringbuffer");
        }
        if (ackEvery > ringbufferCapacity) {
            throw new IllegalArgumentException("ackEvery (" + ackEvery + ") must not exceed ringbufferCapacity ("
                    + ringbufferCapacity + "), or a sender with a full window would never be acknowledged");
        }
    }

    /**
     * Defaults: 128-item ringbuffers, 256 envelopes per item, an acknowledgement every 32 items,
     * local actions held back beyond 65,536 envelopes of backlog on a channel.
     */
    public static HazelcastOptions defaults(String namespace) {
        return new HazelcastOptions(namespace, 128, 256, 64, 32, 65_536, 10, 16,
                Math.max(2, Runtime.getRuntime().availableProcessors()), System.nanoTime());
    }

    /** These options with another channel geometry; {@code ackEvery} becomes a quarter of the capacity. */
    public HazelcastOptions withChannels(int capacity, int batch) {
        return new HazelcastOptions(namespace, capacity, batch, Math.min(maxRead, capacity), Math.max(1, capacity / 4),
                maxBacklog, windowPollMillis, retainSnapshots, threads, seed);
    }

    public HazelcastOptions withRetainSnapshots(int retain) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, maxBacklog, windowPollMillis, retain,
                threads, seed);
    }

    public HazelcastOptions withThreads(int n) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, maxBacklog, windowPollMillis,
                retainSnapshots, n, seed);
    }

    public HazelcastOptions withSeed(long s) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, maxBacklog, windowPollMillis,
                retainSnapshots, threads, s);
    }

    /** These options with another backlog limit per channel ({@code 0}: unbounded). */
    public HazelcastOptions withMaxBacklog(int envelopes) {
        return new HazelcastOptions(namespace, ringbufferCapacity, maxBatch, maxRead, ackEvery, envelopes,
                windowPollMillis, retainSnapshots, threads, seed);
    }

    private static void requirePositive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
