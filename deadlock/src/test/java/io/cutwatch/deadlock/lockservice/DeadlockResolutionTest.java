package io.cutwatch.deadlock.lockservice;

import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.demo.SimulatedDeadlockJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster scenario on the simulator: transactions deadlock, a periodic detection job (a
 * snapshot every 10 ms of virtual time) finds each deadlock, the suggested victim is aborted
 * through the lock service (it releases its locks and restarts), and every transaction commits.
 */
class DeadlockResolutionTest {
    static final int SEEDS = Integer.getInteger("cutwatch.deadlock.resolution.seeds", 300);

    @Test
    void periodicSnapshotsFindDeadlocksAbortingTheVictimsLetsEveryTransactionComplete() {
        int seedsWithDeadlock = 0;
        int aborts = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.1);
            DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());
            Map<Set<WaitForEdge>, String> victimOf = new HashMap<>();
            Set<String> aborted = new LinkedHashSet<>();
            long fseed = seed;
            // The job calls back from a future's completion, where a thrown AssertionError would be
            // swallowed: the callback records what it saw broken and the test asserts it afterwards.
            List<String> broken = new ArrayList<>();
            SimulatedDeadlockJob job = SimulatedDeadlockJob.every(run.cw, Duration.ofMillis(10),
                    run.topology.process(0), detector, report -> {
                        for (Deadlock d : report.deadlocks()) {
                            String before = victimOf.putIfAbsent(new HashSet<>(d.cycle()), d.victim());
                            if (before != null && !before.equals(d.victim())) {
                                broken.add("seed " + fseed + ": cycle " + d.cycleText() + " got victim "
                                        + d.victim() + " after " + before);
                            }
                            long victimsInSet = report.victims().stream().filter(d.members()::contains).count();
                            if (victimsInSet != 1) {
                                broken.add("seed " + fseed + ": " + victimsInSet + " victims, not one, for the"
                                        + " deadlocked set " + d.members() + " in " + report.summary());
                            }
                            aborted.add(d.victim());
                            run.service.abort(d.victim());
                        }
                    });
            boolean[] deadline = {false};
            run.sim.schedule(Duration.ofSeconds(20), () -> deadline[0] = true);
            run.sim.runUntil(() -> deadline[0] || run.allCommitted());
            job.stop();
            assertEquals(List.of(), broken, "seed " + seed + ": the same cycle must never get two victims");
            assertTrue(run.allCommitted(), "seed " + seed + ": began " + run.txs + " of " + run.planned);
            assertEquals(List.of(), run.service.unfinished(), "seed " + seed + ": after " + run.sim.nowMicros()
                    + "us, victims aborted " + aborted + ", reports " + job.reports().stream()
                    .filter(DeadlockReport::found).map(DeadlockReport::summary).toList());
            assertEquals(0, job.failedSnapshots(), "seed " + seed);
            assertEquals(List.of(), job.failures(), "seed " + seed);
            for (String tx : aborted) {
                assertTrue(run.service.status(tx).aborts() >= 1, "seed " + seed + ": victim " + tx + " was not aborted");
            }
            if (!aborted.isEmpty()) {
                seedsWithDeadlock++;
                aborts += aborted.size();
            }
        }
        System.out.printf("resolution: %d seeds, %d deadlocked and were resolved by aborting %d victims;"
                + " every transaction committed%n", SEEDS, seedsWithDeadlock, aborts);
        assertTrue(seedsWithDeadlock > SEEDS / 10, "too few runs deadlocked (" + seedsWithDeadlock + ")");
    }
}
