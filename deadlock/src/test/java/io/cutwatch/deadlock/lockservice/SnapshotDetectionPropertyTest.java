package io.cutwatch.deadlock.lockservice;

import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random lock-service runs (3..5 processes, 4..10 transactions locking 2..3 resources in
 * random orders, some with early releases), with the simulator's full state (live lock tables and
 * the messages really in flight) as ground truth. No aborts here, so a deadlock, once formed,
 * lasts to the end of the run.
 */
class SnapshotDetectionPropertyTest {
    static final int SEEDS = Integer.getInteger("cutwatch.deadlock.seeds", 2_000);
    static final int LIVENESS_SEEDS = Integer.getInteger("cutwatch.deadlock.liveness.seeds", 1_000);
    final DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());

    static Set<WaitForEdge> edges(Deadlock d) {
        return new HashSet<>(d.cycle());
    }

    @Test
    void everyReportedDeadlockIsRealAtTheSnapshotsEndAndPollingReportsPhantoms() {
        long snapshots = 0;
        long snapshotReports = 0;
        long polls = 0;
        long pollReports = 0;
        long pollPhantoms = 0;
        long realDeadlocks = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.3);
            List<DeadlockReport> reports = new ArrayList<>();
            List<List<Deadlock>> naive = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                long at = run.rnd.nextInt(60_000);
                long gap = run.rnd.nextInt(3_000);
                String initiator = run.topology.process(run.rnd.nextInt(run.topology.size()));
                run.sim.schedule(Duration.ofNanos(at * 1_000), () -> {
                    PhantomDeadlockTest.poller(run.cw).poll(Duration.ofNanos(gap * 1_000))
                            .thenAccept(p -> naive.add(p.deadlocks()));
                    run.cw.snapshots().<LockTableView>initiate(initiator).thenAccept((GlobalSnapshot<LockTableView> s) -> {
                        DeadlockReport r = detector.detect(s);
                        reports.add(r);
                        Set<Set<WaitForEdge>> live = run.oracle.cycles();
                        for (Deadlock d : r.deadlocks()) {
                            if (!live.contains(edges(d))) {
                                problems.add("snapshot " + s.id() + " reported " + d.cycleText()
                                        + " but at its end the live deadlocks are " + live);
                            }
                        }
                    });
                });
            }
            run.sim.runUntilQuiet();
            assertEquals(List.of(), problems, "seed " + seed);
            assertEquals(3, reports.size(), "seed " + seed + ": snapshots completed");
            Set<Set<WaitForEdge>> finalCycles = run.oracle.cycles();
            Set<String> unfinished = new HashSet<>(run.service.unfinished());
            realDeadlocks += finalCycles.size();
            for (DeadlockReport r : reports) {
                snapshots++;
                if (r.found()) {
                    snapshotReports++;
                }
                for (Deadlock d : r.deadlocks()) {
                    if (!finalCycles.contains(edges(d)) || !unfinished.containsAll(d.members())) {
                        fail("seed " + seed + ": snapshot " + r.snapshotId() + " reported " + d.cycleText()
                                + ", which is not a deadlock of the run (final deadlocks " + finalCycles
                                + ", unfinished " + unfinished + ")");
                    }
                }
            }
            for (List<Deadlock> found : naive) {
                polls++;
                if (!found.isEmpty()) {
                    pollReports++;
                    boolean phantom = false;
                    for (Deadlock d : found) {
                        phantom |= !finalCycles.contains(edges(d));
                    }
                    if (phantom) {
                        pollPhantoms++;
                    }
                }
            }
        }
        System.out.printf("random lock-service runs, %d seeds, %d real deadlocks formed:%n"
                        + "  polling detector:  %d polls, %d reported a deadlock, %d of them a phantom (%.2f%% of polls)%n"
                        + "  snapshot detector: %d snapshots, %d reported a deadlock, 0 phantoms (every cycle checked"
                        + " against the live state at the snapshot's end and at the end of the run)%n",
                SEEDS, realDeadlocks, polls, pollReports, pollPhantoms, 100.0 * pollPhantoms / polls, snapshots,
                snapshotReports);
        assertTrue(snapshotReports > 0, "no snapshot found any deadlock over " + SEEDS + " seeds: the check is vacuous");
        assertTrue(pollPhantoms > 0, "the polling baseline never reported a phantom over " + SEEDS + " seeds");
    }

    @Test
    void theFirstSnapshotStartedAfterADeadlockFormsReportsItsExactCycle() {
        int formed = 0;
        for (long seed = 1; seed <= LIVENESS_SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.1);
            boolean[] deadline = {false};
            run.sim.schedule(Duration.ofSeconds(1), () -> deadline[0] = true);
            AtomicReference<Set<Set<WaitForEdge>>> atFormation = new AtomicReference<>();
            run.sim.runUntil(() -> {
                if (deadline[0]) {
                    return true;
                }
                Set<Set<WaitForEdge>> c = run.oracle.cycles();
                if (!c.isEmpty()) {
                    atFormation.set(c);
                    return true;
                }
                return false;
            });
            if (atFormation.get() == null) {
                assertTrue(run.service.unfinished().isEmpty(), "seed " + seed + ": no deadlock formed, yet "
                        + run.service.unfinished() + " did not finish");
                continue;
            }
            formed++;
            String initiator = run.topology.process(run.rnd.nextInt(run.topology.size()));
            long formedAt = run.sim.nowMicros();
            DeadlockReport r = detector.detect(run.sim.await(run.cw.snapshots().<LockTableView>initiate(initiator)));
            Set<Set<WaitForEdge>> reported = new HashSet<>();
            for (Deadlock d : r.deadlocks()) {
                reported.add(edges(d));
            }
            for (Set<WaitForEdge> cycle : atFormation.get()) {
                assertTrue(reported.contains(cycle), "seed " + seed + ": deadlock " + cycle + " formed at t="
                        + formedAt + "us; snapshot " + r.snapshotId() + " from " + initiator + " reported "
                        + r.summary());
            }
        }
        System.out.printf("liveness: %d seeds, a deadlock formed in %d; the next snapshot reported every one"
                + " with its exact cycle%n", LIVENESS_SEEDS, formed);
        assertTrue(formed > LIVENESS_SEEDS / 10, "too few deadlocks formed (" + formed + ") for the check to mean much");
    }
}
