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
}
