package io.cutwatch.runtime;

import io.cutwatch.channel.Transport;
import io.cutwatch.snapshot.SnapshotFailure;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Everything the core needs from where it runs: a transport, an executor per process, timers,
 * the central snapshot location and fresh snapshot ids. The deterministic simulator is one
 * backend; a Hazelcast cluster is another. The core hands the backend a {@link CoreEndpoint}
 * through {@link #bind}; that is all a backend sees of the core (no facade, no casts).
 */
public interface Backend extends AutoCloseable {
    /**
     * Called once by the core, before any process starts: the backend delivers what arrives from
     * elsewhere to {@code core}, and knows nothing else of the core.
     */
    void bind(CoreEndpoint core);

    Transport transport();

    /** The serial executor for a process hosted here. */
    ProcessExecutor executor(String processId);

    /** Runs {@code task} after {@code delay} on some backend thread (snapshot timeouts). */
    void schedule(Duration delay, Runnable task);

    SnapshotCollector collector();

    /** A snapshot id never handed out before in this cluster or run. */
    long nextSnapshotId();

    /** The random source for a process: reproducible where the backend is. */
    Random randomFor(String processId, int index);

    /**
     * Asks the host of {@code processId}, which is not hosted here, to initiate
     * {@code snapshotId}. Backends without remote hosts answer false.
     */
    default boolean initiateRemote(String processId, long snapshotId) {
        return false;
    }

    /**
     * Why {@code processId} cannot take part in {@code snapshotId} (for example: its member left),
     * when {@link #initiateRemote} answered false; empty if the backend cannot tell.
     */
    default Optional<SnapshotFailure> whyUnreachable(String processId, long snapshotId) {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
