package io.cutwatch.bank;

import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bank on the simulator: conservation on every snapshot over many seeds; naive mode violates; restore. */
class BankSimulationTest {

    private static BankReport run(BankOptions o) {
        Topology t = Topology.complete(o.restore() != null ? o.restore().branches() : Topology.ids("b", o.branches()));
        try (SimulatedBankCluster c = new SimulatedBankCluster(t, o.seed())) {
            BankRun run = new BankRun(o, c);
            run.startBranches();
            return run.run(p -> { });
        }
    }

    @Test
    void everySnapshotConservesOverManySeeds() {
        long snapshots = 0;
        long inFlight = 0;
        for (long seed = 1; seed <= 200; seed++) {
            BankOptions o = BankOptions.defaults(seed).withBranches(2 + (int) (seed % 9))
                    .withDuration(Duration.ofMillis(500));
            BankReport r = run(o);
            assertEquals(0, r.violations(), "seed " + seed + ": " + r.violationDetails());
            assertEquals(0, r.failed(), "seed " + seed + ": " + r.failures());
            assertTrue(r.snapshots() >= 4, "seed " + seed + ": only " + r.snapshots() + " snapshots");
            assertEquals(0, r.exitCode());
            snapshots += r.snapshots();
            inFlight += r.inFlightRecorded();
        }
        assertTrue(inFlight > snapshots, "snapshots must catch transfers in flight: " + inFlight + " in " + snapshots);
    }

    @Test
    void naiveSnapshotsViolateWhileChandyLamportDoesNot() {
        int seedsWithNaiveViolations = 0;
        for (long seed = 1; seed <= 20; seed++) {
            BankReport r = run(BankOptions.defaults(seed).withNaive(true).withDuration(Duration.ofMillis(500)));
            assertEquals(0, r.violations(), "seed " + seed);
            assertEquals(r.snapshots(), r.naiveSnapshots(), "seed " + seed);
            if (r.naiveViolations() > 0) {
                seedsWithNaiveViolations++;
            }
        }
        assertTrue(seedsWithNaiveViolations >= 18, "naive mode violated on only " + seedsWithNaiveViolations + "/20 seeds");
    }

    @Test
    void restoredRunConservesAndStartsFromTheSavedTotal(@TempDir Path dir) throws Exception {
        BankOptions o = BankOptions.defaults(11).withSaveSnapshots(dir).withDuration(Duration.ofMillis(300));
        BankReport first = run(o);
        assertTrue(first.savedFiles().size() >= 2);
        Path chosen = null;
        SavedSnapshot saved = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                SavedSnapshot s = SavedSnapshot.read(p);
                if (!s.inFlight().isEmpty()) {
                    chosen = p;
                    saved = s;
                    break;
                }
            }
        }
        assertTrue(saved != null, "some saved snapshot should hold transfers in flight");
        assertEquals(8_000, saved.total());

        Path again = dir.resolve("restored");
        BankOptions restored = BankOptions.defaults(12).withRestore(SavedSnapshot.read(chosen)).withSaveSnapshots(again)
                .withDuration(Duration.ofMillis(300));
        BankReport second = run(restored);
        assertEquals(0, second.violations());
        assertEquals(0, second.failed());
        assertEquals(saved.total(), restored.expectedTotal());
        List<Path> restoredFiles;
        try (Stream<Path> files = Files.list(again)) {
            restoredFiles = files.sorted().toList();
        }
        SavedSnapshot firstOfRestored = SavedSnapshot.read(restoredFiles.get(0));
        assertEquals(saved.total(), firstOfRestored.total());
    }

    /** Every asked snapshot is accounted for: taken, skipped, failed or unfinished. */
    private static void assertAccounted(BankReport r) {
        assertEquals(r.snapshotsAsked(), r.snapshots() + r.snapshotsSkipped() + r.failed() + r.snapshotsUnfinished(),
                r.toString());
    }

    @Test
    void snapshotsComeAtAFixedRateAndTheWindowIsTheRunsOwn() {
        BankReport r = run(BankOptions.defaults(5)); // 2 s, a snapshot every 100 ms
        // Periods due before the deadline: 100 ms, 200 ms, ..., 1900 ms. The old schedule waited a
        // period after each snapshot started and did not say how many it had not taken.
        assertEquals(19, r.snapshotsAsked(), r.toString());
        assertEquals(0, r.snapshotsSkipped(), r.toString());
        assertAccounted(r);
        // The window runs from the first transfer (at most one transfer gap after the clock
        // starts) to the deadline, in virtual time.
        assertTrue(r.seconds() <= 2.0 && r.seconds() >= 2.0 - 0.002 - 1e-9, "window " + r.seconds());
        assertEquals(r.transfers() / r.seconds(), r.transfersPerSecond(), 1e-6);
        assertFalse(r.interrupted());
    }

    @Test
    void aPeriodWhosePreviousSnapshotIsInFlightIsSkippedAndCounted() {
        // 32 branches: a snapshot takes several virtual milliseconds, longer than the 2 ms period.
        BankOptions o = new BankOptions(32, 1, Duration.ofMillis(500), Duration.ofMillis(2), 9, false, null, null,
                1_000, Duration.ofMillis(2), Duration.ofSeconds(10));
        BankReport r = run(o);
        assertEquals(249, r.snapshotsAsked(), r.toString());
        assertTrue(r.snapshotsSkipped() > 0, r.toString());
        assertTrue(r.snapshots() > 0, r.toString());
        assertEquals(0, r.failed(), r.failures().toString());
        assertAccounted(r);
    }

    @Test
    void branchesWithNoMoneyCountNoTransfers() {
        List<String> ids = Topology.ids("b", 3);
        java.util.Map<String, Long> zero = new java.util.LinkedHashMap<>();
        ids.forEach(id -> zero.put(id, 0L));
        SavedSnapshot broke = new SavedSnapshot(1, ids, zero, java.util.Map.of(), 0);
        BankReport r = run(BankOptions.defaults(3).withRestore(broke));
        // Every timer tick used to count as a transfer, money or not.
        assertEquals(0, r.transfers(), r.toString());
        assertEquals(0, r.violations());
        assertTrue(r.snapshots() > 0);
    }
}
