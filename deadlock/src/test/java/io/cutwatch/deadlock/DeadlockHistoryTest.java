package io.cutwatch.deadlock;

import io.cutwatch.model.ChannelId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.cutwatch.deadlock.SnapshotWaitsTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deadlock's life across snapshots: recorded once, with its victim, its detection bound and its resolution. */
class DeadlockHistoryTest {
    final DeadlockDetector<SnapshotWaitsTest.Waiting> detector =
            new DeadlockDetector<>(new SnapshotWaitsTest.ProcessAdapter());
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static SnapshotWaitsTest.Waiting on(String... ps) {
        return new SnapshotWaitsTest.Waiting(Set.of(ps));
    }

    DeadlockReport clean() {
        return detector.detect(snapshot(Map.of("a", on(), "b", on("c"), "c", on()), Map.of()));
    }

    DeadlockReport bc() {
        return detector.detect(snapshot(Map.of("a", on("b"), "b", on("c"), "c", on("b")), Map.of()));
    }

    @Test
    void aDeadlockIsRecordedOnceWithItsVictimDetectionBoundAndResolution() {
        DeadlockHistory h = new DeadlockHistory();
        h.observe(clean(), T0);
        h.observe(bc(), T0.plusMillis(500));
        h.observe(bc(), T0.plusMillis(1000));
        assertEquals(1, h.open().size());
        h.observe(clean(), T0.plusMillis(1500));
        List<DeadlockHistory.Entry> all = h.entries();
        assertEquals(1, all.size(), all.toString());
        DeadlockHistory.Entry e = all.get(0);
        assertEquals(Set.of("b", "c"), e.members());
        assertEquals("c", e.victim(), "the default policy takes the highest id");
        assertEquals(2, e.timesSeen());
        assertEquals(Optional.of(Duration.ofMillis(500)), e.detectedWithin());
        assertEquals(Optional.of(Duration.ofMillis(1000)), e.resolvedAfter());
        assertTrue(e.resolved());
        assertEquals(List.of(), h.open());
    }

    @Test
    void aDeadlockSeenInTheFirstReportHasNoFormingBoundAndOneThatReturnsIsANewEntry() {
        DeadlockHistory h = new DeadlockHistory();
        h.observe(bc(), T0);
        h.observe(clean(), T0.plusSeconds(1));
        h.observe(bc(), T0.plusSeconds(2));
        List<DeadlockHistory.Entry> all = h.entries();
        assertEquals(2, all.size(), all.toString());
        assertEquals(Optional.empty(), all.get(0).detectedWithin());
        assertTrue(all.get(0).resolved());
        assertEquals(Optional.of(Duration.ofSeconds(1)), all.get(1).detectedWithin());
        assertEquals(Optional.empty(), all.get(1).resolvedAfter());
    }

    @Test
    void reportsOutOfOrderAreRefused() {
        DeadlockHistory h = new DeadlockHistory();
        h.observe(clean(), T0.plusSeconds(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.observe(bc(), T0));
        assertTrue(e.getMessage().contains("observe reports in order"), e.getMessage());
    }

    @Test
    void aWaitAddedInTransitCountsForTheIdentityLikeARecordedOne() {
        DeadlockHistory h = new DeadlockHistory();
        h.observe(bc(), T0);
        // the same deadlock, c's wait now only visible as a request in transit
        h.observe(detector.detect(snapshot(Map.of("a", on("b"), "b", on("c"), "c", on()),
                Map.of(ChannelId.of("c", "b"), List.of(new SnapshotWaitsTest.Ask("reply"))))), T0.plusSeconds(1));
        assertEquals(1, h.entries().size());
        assertEquals(2, h.entries().get(0).timesSeen());
    }
}
