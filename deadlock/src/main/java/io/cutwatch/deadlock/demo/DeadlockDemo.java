package io.cutwatch.deadlock.demo;

import io.cutwatch.Cutwatch;
import io.cutwatch.dashboard.DemoDashboard;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockHistory;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.NaturalOrder;
import io.cutwatch.deadlock.WaitChain;
import io.cutwatch.deadlock.baseline.NaivePollingDetector;
import io.cutwatch.deadlock.lockservice.LockNode;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockServiceAdapter;
import io.cutwatch.deadlock.lockservice.LockTableView;
import io.cutwatch.deadlock.lockservice.TxStep;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The one-command deadlock demo: a lock service on three processes in the deterministic
 * simulator. Three transactions lock resources in a circular order and deadlock for real, among
 * others that do not; a periodic snapshot finds the deadlock, the report and its DOT are printed,
 * the suggested victim is aborted (it restarts) and every transaction completes. For the first
 * snapshot with the deadlock it also prints the report's certificate (snapshot id and frontier
 * clocks) and the {@link DeadlockDetector#waitChain wait chain} of a waiting transaction; at the
 * end, the {@link DeadlockHistory} entry of each deadlock seen.
 *
 * <p>On the same run, at the same instants as the snapshots, the polling baseline
 * ({@link NaivePollingDetector}) reads the processes one after the other. Two pairs of
 * transactions play the classic phantom scenario over and over: one hands lock a over to lock b
 * (never holding a lock while it waits), the other holds b and asks for a. They can never
 * deadlock, but a release on its way makes the poller see a cycle between them. The demo checks every deadlock
 * either detector reports against the live state of the run (lock tables and the transactions at
 * their homes, between simulator events) and prints the comparison: real deadlocks, phantoms
 * (never a deadlock of the run) and stale reports (a deadlock broken by an abort while the report
 * was being made). The poller's reports are only counted, never acted on.
 *
 * <p>Arguments: {@code [seed]} (default 7). Exit status 0 when everything committed, the
 * snapshots found the deadlock and reported no phantom; 1 otherwise.
 */
public final class DeadlockDemo {
    /** Time between detections, for the snapshots and the polls alike. */
    static final Duration PERIOD = Duration.ofMillis(10);
    /** Time between the poller's reads of two processes. */
    static final Duration POLL_GAP = Duration.ofMillis(2);
    /** How often each transaction of a phantom-prone pair repeats its plan. */
    static final int ROUNDS = 3;

    /**
     * What one detector reported over the run, each deadlock judged against the live state.
     *
     * @param reports   snapshots taken or polls made (completed)
     * @param found     reports with at least one deadlock
     * @param deadlocks deadlocks reported, over all reports: {@code real + stale + phantoms}
     * @param real      deadlocks of the live state when reported
     * @param stale     deadlocks of the run earlier, broken by an abort by the time they were reported
     * @param phantoms  never a deadlock of the run
     */
    public record Tally(int reports, int found, int deadlocks, int real, int stale, int phantoms) {
        Tally add(boolean anyFound, LiveDeadlocks.Verdict... verdicts) {
            int r = real;
            int s = stale;
            int p = phantoms;
            for (LiveDeadlocks.Verdict v : verdicts) {
                switch (v) {
                    case REAL -> r++;
                    case STALE -> s++;
                    case PHANTOM -> p++;
                }
            }
            return new Tally(reports + 1, found + (anyFound ? 1 : 0), deadlocks + verdicts.length, r, s, p);
        }
    }

    /**
     * What the demo saw.
     *
     * @param allCommitted every transaction committed by the end
     * @param victims      the victims aborted (of snapshot reports), in order
     * @param snapshots    the snapshot detector's reports
     * @param polls        the polling baseline's reports
     * @param phantoms     the phantom deadlocks the poller reported, in order
     * @param explained    what the demo printed to explain the first deadlock found
     */
    public record Result(boolean allCommitted, List<String> victims, Tally snapshots, Tally polls,
                         List<Deadlock> phantoms, Explained explained) {
        public Result {
            victims = List.copyOf(victims);
            phantoms = List.copyOf(phantoms);
        }

        /** Everything committed, the snapshots found the deadlock and never reported a phantom. */
        public boolean ok() {
            return allCommitted && snapshots.real() > 0 && snapshots.phantoms() == 0;
        }
    }

    /**
     * The explanations printed for the first snapshot that showed a deadlock, and the history.
     *
     * @param report  that snapshot's report (its certificate: {@code snapshotId()} and {@code frontier()})
     * @param chain   the wait chain printed, of a transaction waiting at that cut
     * @param history every deadlock the snapshots showed over the run, resolved ones first
     */
    public record Explained(DeadlockReport report, WaitChain chain, List<DeadlockHistory.Entry> history) {
        public Explained {
            history = List.copyOf(history);
        }
    }

    private DeadlockDemo() {
    }

    public static void main(String[] args) {
        DemoDashboard.Flags flags = DemoDashboard.parse(args);
        long seed = flags.rest().isEmpty() ? 7L : Long.parseLong(flags.rest().get(0));
        if (!run(seed, System.out, flags).ok()) {
            System.exit(1);
        }
    }

    /** Runs the demo with {@code seed}, printing to {@code out}. */
    public static Result run(long seed, PrintStream out) {
        return run(seed, out, DemoDashboard.Flags.NONE);
    }

    /** Runs the demo; with {@code --dashboard} in {@code flags}, serves it live and keeps serving after the run. */
    public static Result run(long seed, PrintStream out, DemoDashboard.Flags flags) {
        Topology topology = Topology.complete("p0", "p1", "p2");
        Simulation sim = new Simulation(seed);
        Cutwatch cw = Cutwatch.simulated(topology, sim);
        DemoDashboard dashboard = DemoDashboard.start(flags, cw, "Cutwatch deadlock demo", out);
        Map<String, String> resources = new LinkedHashMap<>(LockService.resources(topology, 2));
        for (String r : List.of("r2@p0", "r2@p1", "r3@p1", "r3@p2")) {
            resources.put(r, r.substring(r.indexOf('@') + 1));
        }
        LockService locks = LockService.start(cw, resources, LockService.Options.defaults());
        LiveDeadlocks truth = new LiveDeadlocks(locks);
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
        // The classic phantom, twice over and repeated: in each pair, one transaction hands lock a
        // over to lock b (it gives a up before asking for b, so it never holds a lock while it
        // waits), the other takes b and then asks for a while holding b. They cannot deadlock, since
        // the first holds nothing while it waits; but while its release of a is on its way, the
        // other waits for it at a's owner and it waits for the other at b's owner.
        for (String[] pair : new String[][] {{"r2@p0", "r2@p1"}, {"r3@p1", "r3@p2"}}) {
            String a = pair[0];
            String b = pair[1];
            List<TxStep> handOver = new ArrayList<>();
            List<TxStep> holdAndWait = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                handOver.addAll(List.of(TxStep.acquire(a), TxStep.work(Duration.ofMillis(2)), TxStep.release(a),
                        TxStep.acquire(b), TxStep.work(Duration.ofMillis(1)), TxStep.release(b)));
                holdAndWait.addAll(List.of(TxStep.acquire(b), TxStep.work(Duration.ofMillis(1)), TxStep.acquire(a),
                        TxStep.work(Duration.ofMillis(1)), TxStep.release(a), TxStep.release(b)));
            }
            String giver = locks.begin("p2", handOver);
            String holder = locks.begin("p2", holdAndWait);
            out.printf("began %s (%s, gives it up, then %s) and %s (%s, then %s while holding it), %d times each:"
                    + " no deadlock possible%n", giver, a, b, holder, b, a, ROUNDS);
        }
        DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());
        Set<String> aborted = new LinkedHashSet<>();
        List<DeadlockReport> found = new ArrayList<>();
        Tally[] snaps = {new Tally(0, 0, 0, 0, 0, 0)};
        DeadlockHistory history = new DeadlockHistory();
        Object[] first = new Object[2]; // the first report with a deadlock and the wait chain printed for it
        SimulatedDeadlockJob job = SimulatedDeadlockJob.every(cw, PERIOD, "p0", detector, (snapshot, report) -> {
            dashboard.report("deadlock", "deadlock", report.snapshotId(), () -> report);
            snaps[0] = snaps[0].add(report.found(), judge(truth, report.deadlocks()));
            history.observe(report, virtualInstant(sim));
            if (!report.found()) {
                return;
            }
            for (Deadlock d : report.deadlocks()) {
                if (aborted.add(d.victim())) {
                    if (found.isEmpty()) {
                        out.printf("%n[t=%.1f ms] %s%n", sim.nowMicros() / 1000.0, report.describe());
                        out.println("Wait-for graph (Graphviz DOT; render with: dot -Tsvg):");
                        out.println(report.toDot());
                        first[0] = report;
                        first[1] = explain(out, detector, snapshot, report, locks.transactions());
                    }
                    out.printf("[t=%.1f ms] aborting victim %s of %s%n", sim.nowMicros() / 1000.0, d.victim(),
                            d.cycleText());
                    locks.abort(d.victim());
                }
            }
            found.add(report);
        });

        // The baseline on the same run, at the same instants, reading the same adapter; observe only.
        NaivePollingDetector<LockNode, LockTableView> poller =
                new NaivePollingDetector<>(cw, new LockServiceAdapter(), LockNode::view);
        Tally[] polls = {new Tally(0, 0, 0, 0, 0, 0)};
        List<Deadlock> phantoms = new ArrayList<>();
        boolean[] stopped = {false};
        every(sim, PERIOD, () -> stopped[0], () -> poller.poll(POLL_GAP).thenAccept(r -> {
            LiveDeadlocks.Verdict[] verdicts = judge(truth, r.deadlocks());
            polls[0] = polls[0].add(r.found(), verdicts);
            for (int i = 0; i < verdicts.length; i++) {
                if (verdicts[i] == LiveDeadlocks.Verdict.PHANTOM) {
                    Deadlock d = r.deadlocks().get(i);
                    phantoms.add(d);
                    out.printf("[t=%.1f ms] poll: %s is a PHANTOM, never a deadlock of the run (acting on it would"
                            + " abort %s for nothing)%n", sim.nowMicros() / 1000.0, d.cycleText(), d.victim());
                }
            }
        }));

        sim.runUntil(() -> {
            truth.observe();
            return sim.nowMicros() > 5_000_000 || locks.unfinished().isEmpty();
        });
        job.stop();
        stopped[0] = true;
        out.printf("%n[t=%.1f ms] %d snapshots taken, %d with a deadlock; victims aborted: %s%n",
                sim.nowMicros() / 1000.0, job.reports().size(), found.size(), aborted);
        List<String> all = new ArrayList<>(locks.transactions());
        all.sort(NaturalOrder.INSTANCE);
        for (String tx : all) {
            LockTableView.Tx st = locks.status(tx);
            out.printf("  %-4s at %s: %s after %d abort(s)%n", tx, locks.homeOf(tx), st.status(), st.aborts());
        }
        boolean allCommitted = locks.unfinished().isEmpty();
        out.println(allCommitted ? "All transactions completed." : "NOT completed: " + locks.unfinished());

        out.println("\nhistory.entries(): each deadlock the snapshots showed, by its member set");
        for (DeadlockHistory.Entry e : history.entries()) {
            out.println("  " + describe(e));
        }
        Explained explained = first[0] == null ? null
                : new Explained((DeadlockReport) first[0], (WaitChain) first[1], history.entries());
        Result result = new Result(allCommitted, new ArrayList<>(aborted), snaps[0], polls[0], phantoms, explained);
        out.printf("%nSnapshot detector vs polling baseline on the same run (every %d ms; the poller reads p0, p1, p2"
                + " %d ms apart).%nEach reported deadlock is checked against the live lock tables and transactions"
                + " when it is reported:%n", PERIOD.toMillis(), POLL_GAP.toMillis());
        out.println("  snapshot detector: " + line(result.snapshots(), "snapshots"));
        out.println("  polling baseline:  " + line(result.polls(), "polls"));
        if (result.polls().phantoms() > 0) {
            out.println("  Why the phantoms: the poller read one lock's owner before a release reached it and the other"
                    + " lock's owner\n  after the request that followed that release: two waits that never held at the"
                    + " same time. A snapshot records\n  the release in its channel state and sees no cycle.");
        }
        if (result.snapshots().phantoms() > 0) {
            out.println("  SNAPSHOT PHANTOM: the snapshot detector reported a deadlock that never existed");
        }
        dashboard.serveUntilStopped(out);
        return result;
    }

    /**
     * Prints the certificate of {@code report} and the wait chain of one waiting transaction at its
     * cut: one that waits into the deadlock without being a member if there is one, else the first
     * member. Returns the chain.
     */
    private static WaitChain explain(PrintStream out, DeadlockDetector<LockTableView> detector,
                                     GlobalSnapshot<Object> snapshot, DeadlockReport report, Set<String> transactions) {
        out.printf("certificate: snapshot %d, frontier (each process's vector clock where it recorded):%n",
                report.snapshotId());
        new java.util.TreeMap<>(report.frontier()).forEach((p, clock) -> out.printf("  %s %s%n", p, clock));
        List<String> txs = new ArrayList<>(transactions);
        txs.sort(NaturalOrder.INSTANCE);
        Set<String> members = new LinkedHashSet<>();
        report.deadlocks().forEach(d -> members.addAll(d.members()));
        WaitChain shown = null;
        for (String tx : txs) {
            WaitChain c = detector.waitChain(snapshot, tx);
            if (c.ending() == WaitChain.Ending.ENTERS_DEADLOCK && !members.contains(tx)) {
                shown = c;
                break;
            }
        }
        if (shown == null) {
            shown = detector.waitChain(snapshot, txs.stream().filter(members::contains).findFirst().orElseThrow());
        }
        out.printf("detector.waitChain(snapshot, \"%s\"):%n%s%n", shown.transaction(), shown.describe());
        return shown;
    }

    /** One history entry in a line: identity, first sight, victim, resolution and the times between. */
    static String describe(DeadlockHistory.Entry e) {
        List<String> members = new ArrayList<>(e.members());
        members.sort(NaturalOrder.INSTANCE);
        return members + ": first seen in snapshot " + e.firstSeen() + " at t=" + millis(e.firstSeenAt())
                + e.detectedWithin().map(d -> " (formed after the previous snapshot at t=" + millis(e.formedAfter().orElseThrow())
                        + ": detected within " + d.toNanos() / 1e6 + " ms)").orElse("")
                + ", victim " + e.victim()
                + e.resolvedIn().map(id -> ", resolved: snapshot " + id + " at t=" + millis(e.resolvedAt().orElseThrow())
                        + " no longer shows it (" + e.resolvedAfter().orElseThrow().toNanos() / 1e6 + " ms after detection)")
                        .orElse(", not resolved")
                + ", seen in " + e.timesSeen() + " snapshot" + (e.timesSeen() == 1 ? "" : "s");
    }

    private static String millis(Instant t) {
        return (t.getEpochSecond() * 1_000_000_000L + t.getNano()) / 1e6 + " ms";
    }

    /** The simulator's virtual time as an instant (its epoch is the start of the run). */
    private static Instant virtualInstant(Simulation sim) {
        return Instant.ofEpochSecond(0, sim.nowMicros() * 1000);
    }

    /** Runs {@code action} every {@code period} of virtual time, the first one period from now, until {@code stopped}. */
    private static void every(Simulation sim, Duration period, BooleanSupplier stopped, Runnable action) {
        sim.schedule(period, () -> {
            if (!stopped.getAsBoolean()) {
                action.run();
                every(sim, period, stopped, action);
            }
        });
    }

    private static LiveDeadlocks.Verdict[] judge(LiveDeadlocks truth, List<Deadlock> deadlocks) {
        LiveDeadlocks.Verdict[] out = new LiveDeadlocks.Verdict[deadlocks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = truth.judge(deadlocks.get(i));
        }
        return out;
    }

    private static String line(Tally t, String what) {
        return String.format("%d %s, %d reported a deadlock: %d real, %d phantom%s%s", t.reports(), what, t.found(),
                t.real(), t.phantoms(), t.phantoms() == 1 ? "" : "s",
                t.stale() == 0 ? "" : ", " + t.stale() + " stale (a real one, already broken by an abort when reported)");
    }
}
