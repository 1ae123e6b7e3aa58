package io.cutwatch.deadlock.lockservice;

import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.WaitChain;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.demo.SimulatedDeadlockJob;
import io.cutwatch.snapshot.GlobalSnapshot;
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
 * Seeded random lock-service runs with shared and exclusive locks under the strict FIFO queue,
 * read by both adapters: holder waits only (the default) and holder plus queued-ahead waits. The
 * ground truth is the real execution, written without the adapter: with no aborts a deadlocked
 * transaction never commits, and the waits between its members stay in the live lock tables
 * (the waiter queued; the transaction waited for holding, or queued ahead of it, in a mode it
 * cannot share) until the end of the run.
 */
class QueuedAheadPropertyTest {
    static final int SEEDS = Integer.getInteger("cutwatch.deadlock.fifo.seeds", 1_000);
    static final int RESOLUTION_SEEDS = Integer.getInteger("cutwatch.deadlock.fifo.resolution.seeds", 200);
    final DeadlockDetector<LockTableView> holders = new DeadlockDetector<>(new LockServiceAdapter());
    final DeadlockDetector<LockTableView> fifo = new DeadlockDetector<>(
            new LockServiceAdapter(LockServiceAdapter.Waits.HOLDERS_AND_QUEUED_AHEAD));

    @Test
    void noPhantomsEitherWayAndOnlyQueuedAheadWaitsAccountForEveryStuckTransaction() {
        int stuckRuns = 0;
        int missedWithoutOption = 0;
        long reported = 0;
        List<String> problems = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.2, 0.5);
            List<DeadlockReport> reports = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                long at = run.rnd.nextInt(60_000);
                String initiator = run.topology.process(run.rnd.nextInt(run.topology.size()));
                run.sim.schedule(Duration.ofNanos(at * 1_000), () -> run.cw.snapshots().<LockTableView>initiate(initiator)
                        .thenAccept((GlobalSnapshot<LockTableView> s) -> {
                            reports.add(holders.detect(s));
                            reports.add(fifo.detect(s));
                        }));
            }
            run.sim.runUntilQuiet();
            assertEquals(6, reports.size(), "seed " + seed + ": snapshots completed");
            Map<String, LockTableView> live = new HashMap<>();
            for (String p : run.topology.processes()) {
                live.put(p, run.service.peek(p));
            }
            Set<String> stuck = new HashSet<>(run.service.unfinished());
            for (String tx : stuck) {
                assertEquals(TxStatus.WAITING, run.service.status(tx).status(), "seed " + seed + ": quiet, so "
                        + tx + " can only be unfinished because it waits");
            }
            for (DeadlockReport r : reports) {
                for (Deadlock d : r.deadlocks()) {
                    reported++;
                    if (!stuck.containsAll(d.members())) {
                        problems.add("seed " + seed + ": snapshot " + r.snapshotId() + " reported " + d
                                + " but of its members only " + intersect(stuck, d.members()) + " never committed");
                    }
                    for (WaitForEdge w : d.waits()) {
                        String why = liveMismatch(w, run.service.ownerOf(), live);
                        if (why != null) {
                            problems.add("seed " + seed + ": snapshot " + r.snapshotId() + " reported " + d + " with "
                                    + w + ", not a wait of the live lock tables at the end: " + why);
                        }
                    }
                }
            }
            // The run is quiet: a snapshot now sees the final state. Every stuck transaction must be a
            // member of a reported deadlock or wait into one, with the option; without it some are not.
            GlobalSnapshot<LockTableView> last = run.sim.await(run.cw.snapshots().<LockTableView>initiate(
                    run.topology.process(0)));
            if (!stuck.isEmpty()) {
                stuckRuns++;
                Set<String> uncovered = uncovered(fifo, last, stuck);
                if (!uncovered.isEmpty()) {
                    problems.add("seed " + seed + ": " + uncovered + " are stuck for good but the queued-ahead"
                            + " detector shows no deadlock they wait into: " + fifo.detect(last).summary());
                }
                if (!uncovered(holders, last, stuck).isEmpty()) {
                    missedWithoutOption++;
                }
            }
            if (problems.size() > 20) {
                break;
            }
        }
        assertEquals(List.of(), problems);
        System.out.printf("shared locks, strict FIFO, %d seeds: %d deadlocks reported by the two adapters, none a"
                        + " phantom; %d runs ended with stuck transactions, all accounted for with queued-ahead waits,"
                        + " %d of them not with holder waits only%n", SEEDS, reported, stuckRuns, missedWithoutOption);
        assertTrue(stuckRuns > SEEDS / 20, "too few runs deadlocked (" + stuckRuns + ") for the check to mean much");
        assertTrue(missedWithoutOption > 0, "no run needed the queued-ahead waits: the option is not exercised");
    }

    @Test
    void periodicSnapshotsWithQueuedAheadWaitsResolveEveryDeadlockByAbortingVictims() {
        int seedsWithDeadlock = 0;
        for (long seed = 1; seed <= RESOLUTION_SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.1, 0.5);
            Set<String> aborted = new LinkedHashSet<>();
            List<String> broken = new ArrayList<>();
            long fseed = seed;
            SimulatedDeadlockJob job = SimulatedDeadlockJob.every(run.cw, Duration.ofMillis(10),
                    run.topology.process(0), fifo, report -> {
                        for (Deadlock d : report.deadlocks()) {
                            if (!d.cycleVertices().contains(d.victim())) {
                                broken.add("seed " + fseed + ": victim " + d.victim() + " off " + d.cycleText());
                            }
                            aborted.add(d.victim());
                            run.service.abort(d.victim());
                        }
                    });
            boolean[] deadline = {false};
            run.sim.schedule(Duration.ofSeconds(20), () -> deadline[0] = true);
            run.sim.runUntil(() -> deadline[0] || run.allCommitted());
            job.stop();
            assertEquals(List.of(), broken);
            assertEquals(List.of(), job.failures(), "seed " + seed);
            assertTrue(run.allCommitted(), "seed " + seed + ": unfinished " + run.service.unfinished() + " after aborting "
                    + aborted + ", reports " + job.reports().stream().filter(DeadlockReport::found)
                    .map(DeadlockReport::summary).toList());
            if (!aborted.isEmpty()) {
                seedsWithDeadlock++;
            }
        }
        System.out.printf("shared locks, strict FIFO, resolution: %d seeds, %d deadlocked and were resolved by aborting"
                + " the victims; every transaction committed%n", RESOLUTION_SEEDS, seedsWithDeadlock);
        assertTrue(seedsWithDeadlock > RESOLUTION_SEEDS / 10, "too few runs deadlocked (" + seedsWithDeadlock + ")");
    }

    @Test
    void theFirstSnapshotStartedOnceTransactionsAreStuckAccountsForEveryOneOnlyWithQueuedAheadWaits() {
        int formed = 0;
        int missedWithoutOption = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Workloads.Run run = new Workloads.Run(seed, LockService.Options.defaults());
            run.randomTransactions(4 + run.rnd.nextInt(7), 0.1, 0.5);
            Set<String> atFormation = new HashSet<>();
            boolean[] deadline = {false};
            run.sim.schedule(Duration.ofSeconds(1), () -> deadline[0] = true);
            run.sim.runUntil(() -> {
                if (deadline[0]) {
                    return true;
                }
                if (run.inFlight.messages().stream().anyMatch(m -> m.payload() instanceof LockMessage)) {
                    return false;
                }
                atFormation.addAll(stuckByReduction(run));
                return !atFormation.isEmpty();
            });
            if (atFormation.isEmpty()) {
                assertTrue(run.allCommitted(), "seed " + seed + ": nothing stuck, yet " + run.service.unfinished()
                        + " did not finish");
                continue;
            }
            formed++;
            long at = run.sim.nowMicros();
            GlobalSnapshot<LockTableView> s = run.sim.await(run.cw.snapshots().<LockTableView>initiate(
                    run.topology.process(run.rnd.nextInt(run.topology.size()))));
            assertEquals(Set.of(), uncovered(fifo, s, atFormation), "seed " + seed + ": stuck at t=" + at + "us: "
                    + atFormation + "; the next snapshot reported " + fifo.detect(s).summary());
            if (!uncovered(holders, s, atFormation).isEmpty()) {
                missedWithoutOption++;
            }
        }
        System.out.printf("shared locks, strict FIFO, liveness: %d seeds, transactions got stuck in %d; the next"
                + " snapshot accounted for every one with queued-ahead waits, holder waits alone missed some in %d%n",
                SEEDS, formed, missedWithoutOption);
        assertTrue(formed > SEEDS / 20, "too few runs got stuck (" + formed + ")");
        assertTrue(missedWithoutOption > 0, "holder waits alone never missed a stuck transaction");
    }

    /**
     * The transactions that can never be granted, read off the live lock tables with no lock
     * message in flight, by graph reduction (Holt 1972) written directly on the protocol: every
     * transaction not waiting is assumed to finish and release everything; then each queue's head
     * is granted while it is compatible with the remaining holders, and the grantee is assumed to
     * finish too; until nothing changes. Whoever still waits is stuck for good (no aborts here).
     */
    static Set<String> stuckByReduction(Workloads.Run run) {
        Map<String, List<LockTableView.Holder>> holding = new HashMap<>();
        Map<String, List<LockTableView.Holder>> queues = new HashMap<>();
        Set<String> waiting = new HashSet<>();
        for (String p : run.topology.processes()) {
            LockTableView v = run.service.peek(p);
            v.locks().forEach((r, lock) -> {
                holding.put(r, new ArrayList<>(lock.holders()));
                queues.put(r, new ArrayList<>(lock.queue()));
            });
            v.transactions().forEach((tx, t) -> {
                if (t.status() == TxStatus.WAITING) {
                    waiting.add(tx);
                }
            });
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (List<LockTableView.Holder> hs : holding.values()) {
                hs.removeIf(h -> !waiting.contains(h.tx()));
            }
            for (Map.Entry<String, List<LockTableView.Holder>> q : queues.entrySet()) {
                List<LockTableView.Holder> hs = holding.get(q.getKey());
                while (!q.getValue().isEmpty() && hs.stream().allMatch(h -> q.getValue().get(0).mode().compatibleWith(h.mode()))) {
                    waiting.remove(q.getValue().remove(0).tx());
                    changed = true;
                }
            }
        }
        return waiting;
    }

    /** The stuck transactions that are neither a member of a reported deadlock nor wait into one. */
    static Set<String> uncovered(DeadlockDetector<LockTableView> detector, GlobalSnapshot<LockTableView> s, Set<String> stuck) {
        Set<String> out = new HashSet<>();
        for (String tx : stuck) {
            if (detector.waitChain(s, tx).ending() != WaitChain.Ending.ENTERS_DEADLOCK) {
                out.add(tx);
            }
        }
        return out;
    }

    /**
     * Null if {@code w} holds in the live lock tables: its waiter is queued for the resource, and
     * the transaction it waits for holds it, or is queued ahead of it, in a mode it cannot share.
     */
    static String liveMismatch(WaitForEdge w, Map<String, String> ownerOf, Map<String, LockTableView> live) {
        LockTableView.Lock lock = live.get(ownerOf.get(w.resource())).lock(w.resource());
        List<LockTableView.Holder> queue = lock.queue();
        int at = -1;
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).tx().equals(w.waiter())) {
                at = i;
            }
        }
        if (at < 0) {
            return w.waiter() + " is not queued for " + w.resource() + " (" + lock + ")";
        }
        LockMode mode = queue.get(at).mode();
        List<LockTableView.Holder> blocking = new ArrayList<>(lock.holders());
        blocking.addAll(queue.subList(0, at));
        for (LockTableView.Holder h : blocking) {
            if (h.tx().equals(w.holder()) && !mode.compatibleWith(h.mode())) {
                return null;
            }
        }
        return w.holder() + " neither holds " + w.resource() + " nor is queued ahead of " + w.waiter()
                + " in a conflicting mode (" + lock + ")";
    }

    private static Set<String> intersect(Set<String> a, List<String> b) {
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }
}
