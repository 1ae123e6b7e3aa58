package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link DetectionJob} gets its snapshots. Normally a {@link Cutwatch}'s snapshot service
 * ({@link #of(Cutwatch)}); tests and other runtimes may plug in their own.
 *
 * <p>Contract: {@link #take} returns quickly (it starts the snapshot, it does not wait for it)
 * and its future completes, normally or with the reason, within about {@code timeout}; the job
 * gives up on it shortly after in any case.
 */
@FunctionalInterface
public interface SnapshotSource {
    /** Starts a snapshot initiated by {@code initiator}. */
    CompletableFuture<? extends GlobalSnapshot<?>> take(String initiator, Duration timeout);

    /** Snapshots taken by {@code cutwatch.snapshots()}. */
    static SnapshotSource of(Cutwatch cutwatch) {
        Objects.requireNonNull(cutwatch, "cutwatch");
        return (initiator, timeout) -> cutwatch.snapshots().<Object>initiate(initiator, timeout);
    }
}
