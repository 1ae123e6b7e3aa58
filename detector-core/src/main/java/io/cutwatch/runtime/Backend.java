package io.cutwatch.runtime;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.channel.Transport;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.SnapshotFailure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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

    /**
     * What waits on {@code channel} now, on the side(s) of it hosted on this member (zeros for a
     * side hosted elsewhere); empty if neither end is hosted here or the backend does not buffer
     * channels. Any thread; must not block.
     */
    default Optional<ChannelBacklog> backlog(ChannelId channel) {
        return Optional.empty();
    }

    /**
     * Asks the other members where {@code snapshotId} stands with them: each answers, through its
     * core's {@link CoreEndpoint#hostedProgress}, for the asked processes and channels it hosts.
     * Completes with the answers that arrived within a bound the backend sets (a member that does
     * not answer in time is left out, never waited on beyond it); at once with none on a backend
     * with one member. Never completes exceptionally.
     */
    default CompletableFuture<List<HostedProgress>> progressElsewhere(long snapshotId, Set<String> processes,
                                                                      Set<ChannelId> channels) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    default void close() {
    }
}
