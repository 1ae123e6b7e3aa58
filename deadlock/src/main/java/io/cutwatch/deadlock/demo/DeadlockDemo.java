package io.cutwatch.deadlock.demo;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.NaturalOrder;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockServiceAdapter;
import io.cutwatch.deadlock.lockservice.LockTableView;
import io.cutwatch.deadlock.lockservice.TxStep;
import io.cutwatch.sim.Simulation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The one-command deadlock demo: a lock service on three processes in the deterministic
 * simulator. Three transactions lock resources in a circular order and deadlock for real, among
 * others that do not; a periodic snapshot finds the deadlock, the report and its DOT are printed,
 * the suggested victim is aborted (it restarts) and every transaction completes.
 *
 * <p>Arguments: {@code [seed]} (default 7). Exit status 0 when everything committed, 1 otherwise.
 */
public final class DeadlockDemo {
    private DeadlockDemo() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 7L;
        boolean ok = run(seed, System.out);
        if (!ok) {
            System.exit(1);
        }
    }

    /** Runs the demo with {@code seed}, printing to {@code out}; true when every transaction committed. */
    public static boolean run(long seed, PrintStream out) {
        Topology topology = Topology.complete("p0", "p1", "p2");
        Simulation sim = new Simulation(seed);
        Cutwatch cw = Cutwatch.simulated(topology, sim);
        LockService locks = LockService.start(cw, LockService.resources(topology, 2), LockService.Options.defaults());
        Duration work = Duration.ofMillis(3);

        out.println("Cutwatch deadlock demo (seed " + seed + "): a lock service on " + topology.processes()
                + ", resources " + locks.ownerOf().keySet());
        // Three transactions that take their first lock, work, then ask for the next one's lock.
        String t1 = locks.begin("p0", List.of(TxStep.acquire("r0@p1"), TxStep.work(work), TxStep.acquire("r0@p2"),
                TxStep.work(work)));
        String t2 = locks.begin("p1", List.of(TxStep.acquire("r0@p2"), TxStep.work(work), TxStep.acquire("r0@p0"),
                TxStep.work(work)));
        String t3 = locks.begin("p2", List.of(TxStep.acquire("r0@p0"), TxStep.work(work), TxStep.acquire("r0@p1"),
                TxStep.work(work)));
        out.println("began " + t1 + " (r0@p1 then r0@p2), " + t2 + " (r0@p2 then r0@p0), " + t3
                + " (r0@p0 then r0@p1)");
        // Background transactions on the other resources, with early releases: they never deadlock
        // (all lock r1@p0 < r1@p1 < r1@p2 in that order) but keep the channels busy.
        Random rnd = new Random(seed);
        List<String> background = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String home = topology.process(rnd.nextInt(3));
            List<TxStep> plan = new ArrayList<>();
            for (String r : List.of("r1@p0", "r1@p1", "r1@p2")) {
                if (rnd.nextBoolean()) {
                    plan.add(TxStep.acquire(r));
                    plan.add(TxStep.work(Duration.ofMillis(1 + rnd.nextInt(3))));
                }
            }
            background.add(locks.begin(home, plan));
        }
        out.println("began background transactions " + background);

        DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());
        Set<String> aborted = new LinkedHashSet<>();
        List<DeadlockReport> found = new ArrayList<>();
        SimulatedDeadlockJob job = SimulatedDeadlockJob.every(cw, Duration.ofMillis(10), "p0", detector, report -> {
            if (!report.found()) {
                return;
            }
            for (Deadlock d : report.deadlocks()) {
                if (aborted.add(d.victim())) {
                    if (found.isEmpty()) {
                        out.printf("%n[t=%.1f ms] %s%n", sim.nowMicros() / 1000.0, report.describe());
                        out.println("Wait-for graph (Graphviz DOT; render with: dot -Tsvg):");
                        out.println(report.toDot());
                    }
                    out.printf("[t=%.1f ms] aborting victim %s of %s%n", sim.nowMicros() / 1000.0, d.victim(),
                            d.cycleText());
                    locks.abort(d.victim());
                }
            }
            found.add(report);
        });

        sim.runUntil(() -> sim.nowMicros() > 5_000_000 || locks.unfinished().isEmpty());
        job.stop();
        out.printf("%n[t=%.1f ms] %d snapshots taken, %d with a deadlock; victims aborted: %s%n",
                sim.nowMicros() / 1000.0, job.reports().size(), found.size(), aborted);
        List<String> all = new ArrayList<>(locks.transactions());
        all.sort(NaturalOrder.INSTANCE);
        for (String tx : all) {
            LockTableView.Tx st = locks.status(tx);
            out.printf("  %-4s at %s: %s after %d abort(s)%n", tx, locks.homeOf(tx), st.status(), st.aborts());
        }
        boolean ok = locks.unfinished().isEmpty() && !found.isEmpty();
        out.println(ok ? "All transactions completed." : "NOT completed: " + locks.unfinished());
        return ok;
    }
}
