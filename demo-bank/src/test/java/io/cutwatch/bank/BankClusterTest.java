package io.cutwatch.bank;

import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bank on 3 real Hazelcast members in this JVM: every snapshot conserves; naive polling does not. */
class BankClusterTest {
    @Test
    void everySnapshotOnTheClusterConservesWhileNaiveOnesDoNot() throws InterruptedException {
        BankOptions o = BankOptions.defaults(3).withMembers(3).withNaive(true).withDuration(Duration.ofSeconds(4))
                .withBranches(6);
        BankReport r;
        try (HazelcastBankCluster c = HazelcastBankCluster.embedded(Topology.complete(Topology.ids("b", 6)), 3, 3)) {
            BankRun run = new BankRun(o, c);
            run.startBranches();
            // Branches used to transfer from the moment they started, before the run's clock.
            Thread.sleep(300);
            assertEquals(0, run.progress(0, 0).transfers(), "transfers before the clock started");
            r = run.run(p -> { });
        }
        assertEquals(r.snapshotsAsked(), r.snapshots() + r.snapshotsSkipped() + r.failed() + r.snapshotsUnfinished(),
                r.toString());
        assertTrue(r.seconds() > 0 && r.seconds() <= 4.0, "the window ends at the deadline: " + r.seconds());
        assertEquals(0, r.violations(), r.violationDetails().toString());
        assertEquals(0, r.failed(), r.failures().toString());
        assertTrue(r.snapshots() >= 3, "snapshots: " + r.snapshots());
        assertTrue(r.inFlightRecorded() > 0, "no transfer was ever caught in flight");
        assertTrue(r.naiveViolations() > 0, "naive snapshots should violate with transfers in flight: " + r);
        assertEquals(r.snapshots() * 6 * 5, r.markersSent(), "one marker per channel per snapshot");
    }
}
