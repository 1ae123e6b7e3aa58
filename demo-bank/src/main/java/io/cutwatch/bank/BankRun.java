package io.cutwatch.bank;

import io.cutwatch.Cutwatch;
import io.cutwatch.detect.Report;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.process.Process;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One run of the bank: starts the branches on a {@link BankCluster}, takes a Chandy-Lamport
 * snapshot every period (and, with {@code naive}, a strawman one beside it), checks each with the
 * {@link ConservationDetector}, and returns a {@link BankReport}. Works the same on the simulator
 * (virtual time) and on a real cluster (wall-clock time).
 *
 * <p>The numbers are the run's own: branches hold their transfers until {@link #run} starts the
 * clock; the window runs from the first transfer to the deadline (or to {@link #requestStop()}),
 * when transfers stop; only transfers actually sent count. Snapshots are asked at a fixed rate,
 * at start + k * period before the deadline; a period whose previous snapshot is still in flight
 * is skipped, and the report says how many were asked, taken, skipped, and still unfinished after
 * the grace that follows the deadline (one second on a cluster).
 *
 * <p>The snapshot figures of the report come from Cutwatch's Micrometer meters: each run binds
 * {@link CutwatchMetrics} to a {@link SimpleMeterRegistry} for every member in this JVM before any
 * snapshot ({@link #meters()}), and the report reads the counts, the failures by reason, the
 * latency percentiles, the messages recorded and the markers from there.
 */
public final class BankRun {
    private static final Logger LOG = LoggerFactory.getLogger(BankRun.class);

    /** A live view for the progress line. */
    public record Progress(long elapsedMillis, long totalMillis, long transfers, long snapshots, long violations,
                           long failed, long naiveViolations) {
    }

    private final BankOptions options;
    private final BankCluster cluster;
    private final ConservationDetector detector;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean go = new AtomicBoolean(false);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    /** How long {@link #run} waits for the branches hosted here to start. */
    static final Duration BRANCH_START_BOUND = Duration.ofSeconds(30);
    private final AtomicLong firstTransferMicros = new AtomicLong(-1);
    /** Branches started here by {@link #startBranches}, and how many of them ran their start. */
    private int branchesHere;
    private final java.util.concurrent.atomic.AtomicInteger branchesStarted = new java.util.concurrent.atomic.AtomicInteger();
    private volatile CompletableFuture<?> lastSnapshot;
    private final LongAdder transfers = new LongAdder();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong naiveSnapshots = new AtomicLong();
    private final AtomicLong naiveViolations = new AtomicLong();
    /** Transfers sent inside the latest completed cut: counts every JVM's branches. */
    private final AtomicLong transfersInLastCut = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> violationDetails = new CopyOnWriteArrayList<>();
    private final List<String> saved = new CopyOnWriteArrayList<>();
    /** The snapshot meters: one binding per member in this JVM, each on its own registry; the driver's first. */
    private final List<CutwatchMetrics> meters = new ArrayList<>();
    private final List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
    private final List<Process<Branch>> branches = new ArrayList<>();
    private final Random random;
    /** Where each conservation check goes as a {@link Report} (the dashboard); nothing by default. */
    private volatile Consumer<Report> checks = r -> { };

    public BankRun(BankOptions options, BankCluster cluster) {
        this.options = options;
        this.cluster = cluster;
        this.detector = new ConservationDetector(options.expectedTotal());
        this.random = new Random(options.seed());
        Cutwatch driver = cluster.driver();
        meters.add(CutwatchMetrics.bind(registry(), driver));
        for (Cutwatch m : cluster.members()) {
            if (m != driver) {
                meters.add(CutwatchMetrics.bind(registry(), m));
            }
        }
    }

    /**
     * Hands every conservation check to {@code sink} as a {@link Report}: job {@code bank} for the
     * snapshots, job {@code naive} for the strawman's polls (numbered 1, 2, ... in place of a snapshot
     * id). Called on the thread that completed the snapshot or the poll; {@code sink} must be quick.
     */
    public void reportChecksTo(Consumer<Report> sink) {
        this.checks = java.util.Objects.requireNonNull(sink, "sink");
    }

    /** Name of the snapshot latency timer ({@code docs/metrics.md}). */
    static final String LATENCY = "cutwatch.snapshot.latency";

    /**
     * A registry whose latency timer also keeps the p50 and p99 the report prints: three
     * significant digits, over the whole run (no decay window).
     */
    private static MeterRegistry registry() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        r.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(LATENCY)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentiles(0.5, 0.99).percentilePrecision(3)
                        .expiry(Duration.ofDays(3650)).bufferLength(1).build().merge(config);
            }
        });
        return r;
    }

    /**
     * The run's snapshot meters: the driver's binding first (snapshot counts, failures, latency,
     * messages and its markers), then one per other member in this JVM (their markers). The report
     * reads them; they stay bound until the cluster closes.
     */
    public List<CutwatchMetrics> meters() {
        return List.copyOf(meters);
    }

    /**
     * Holds transfers back until {@link #open()} or {@link #run}; the default, kept for callers
     * that say so explicitly.
     */
    public void holdTransfers() {
        go.set(false);
    }

    /** Lets branches transfer (a JVM that hosts branches but does not call {@link #run}). */
    public void open() {
        go.set(true);
    }

    /**
     * Ends the run early (Ctrl-C, SIGTERM): transfers and new snapshots stop, snapshots in flight
     * get the usual grace, and {@link #run} returns the report so far, marked interrupted.
     * Safe from any thread.
     */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Whether {@link #requestStop()} was called. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /** Stops transfers and snapshots (a non-driving JVM at the end of its run). */
    public void stop() {
        running.set(false);
    }

    /** Starts the branches; call once before {@link #run}. Only branches hosted in this JVM start. */
    public void startBranches() {
        List<String> ids = cluster.driver().topology().processes();
        SavedSnapshot restore = options.restore();
        for (int i = 0; i < ids.size(); i++) {
            if (!cluster.hostsHere(i)) {
                continue;
            }
            String id = ids.get(i);
            long balance = restore != null ? restore.balances().get(id) : options.initialBalance();
            Map<String, List<Long>> inFlight = restore != null ? restore.inFlightFrom(id) : Map.of();
            Cutwatch host = cluster.hostOf(i);
            branchesHere++;
            branches.add(host.process(id, new Branch(balance))
                    .capture(Branch::copy)
                    .onStart((b, ctx) -> {
                        branchesStarted.incrementAndGet();
                        b.start(ctx, inFlight, options.maxTransferGap(), running::get, go::get, this::transferred);
                    })
                    .onMessage((b, from, payload, ctx) -> b.receive((Transfer) payload))
                    .start());
        }
    }

    private void transferred() {
        if (firstTransferMicros.get() < 0) {
            firstTransferMicros.compareAndSet(-1, cluster.nowMicros());
        }
        transfers.increment();
    }

    /**
     * Opens transfers and starts the clock, runs to the deadline (or {@link #requestStop()}),
     * stops transfers, gives snapshots in flight a grace, and reports; calls {@code progress}
     * along the way.
     */
    public BankReport run(Consumer<Progress> progress) {
        awaitBranchesRunning();
        long start = cluster.nowMicros();
        long totalMillis = options.duration().toMillis();
        long deadline = start + totalMillis * 1_000;
        open();
        scheduleTick(start, deadline, 1);
        long step = cluster.simulated() ? Math.max(1, totalMillis / 100) : 200;
        long elapsed = 0;
        while (elapsed < totalMillis && !stopRequested.get()) {
            long next = Math.min(totalMillis, elapsed + step);
            if (cluster.simulated()) {
                cluster.advance(next - elapsed);
            } else {
                sleepUntil(start + next * 1_000);
            }
            elapsed = stopRequested.get() ? (cluster.nowMicros() - start) / 1_000 : next;
            progress.accept(progress(Math.min(elapsed, totalMillis), totalMillis));
        }
        running.set(false);
        long end = Math.min(cluster.nowMicros(), deadline);
        awaitPending();
        long first = firstTransferMicros.get();
        double seconds = first < 0 ? 0 : Math.max(0, end - first) / 1e6;
        long asked = ticksBefore(start, end);
        return report(seconds, asked);
    }

    /**
     * On a real cluster, waits (at most {@link #BRANCH_START_BOUND}) until every branch started here
     * has run its start, so the clock does not run while a loaded machine is still starting them
     * (the window is measured from the first transfer anyway; this keeps a short run from ending
     * before it). The simulator starts them as it advances, inside the run.
     */
    private void awaitBranchesRunning() {
        if (cluster.simulated()) {
            return;
        }
        long until = System.nanoTime() + BRANCH_START_BOUND.toNanos();
        while (branchesStarted.get() < branchesHere && System.nanoTime() < until && !stopRequested.get()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Snapshots asked in [start, end): one at each start + k * period, k >= 1, before the end. */
    private long ticksBefore(long start, long end) {
        long period = options.snapshotEvery().toNanos() / 1_000;
        return end <= start ? 0 : (end - start - 1) / period;
    }

    private void sleepUntil(long micros) {
        long wait = micros - cluster.nowMicros();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000, (int) (wait % 1_000) * 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }

    /**
     * Lets snapshots in flight finish: on the simulator up to their timeout (virtual time is
     * free), on a cluster for one second, so a run stops within a second of its deadline.
     */
    private void awaitPending() {
        long grace = cluster.simulated() ? options.snapshotTimeout().toNanos() / 1_000 + 1_000_000 : 1_000_000;
        long deadline = cluster.nowMicros() + grace;
        while (pending.stream().anyMatch(f -> !f.isDone()) && cluster.nowMicros() < deadline) {
            if (cluster.simulated()) {
                cluster.advance(10);
            } else {
                sleepUntil(cluster.nowMicros() + 10_000);
            }
        }
    }

    public Progress progress(long elapsedMillis, long totalMillis) {
        MeterRegistry reg = meters.get(0).registry();
        return new Progress(elapsedMillis, totalMillis, transfers.sum(), count(reg, "cutwatch.snapshots.completed"),
                violations.get(), failedByReason(reg).values().stream().mapToLong(Long::longValue).sum(),
                naiveViolations.get());
    }

    /**
     * Schedules tick {@code k} at start + k * period (a fixed rate: a late tick does not delay the
     * next one). A tick whose previous snapshot is still in flight is skipped; ticks that could not
     * run on time are skipped too (the report derives skipped = asked - taken).
     */
    private void scheduleTick(long start, long deadline, long k) {
        long period = options.snapshotEvery().toNanos() / 1_000;
        long due = start + k * period;
        if (due >= deadline) {
            return;
        }
        long delay = Math.max(0, due - cluster.nowMicros());
        cluster.driver().backend().schedule(Duration.ofNanos(delay * 1_000), () -> {
            if (!running.get() || stopRequested.get()) {
                return;
            }
            CompletableFuture<?> previous = lastSnapshot;
            if (previous == null || previous.isDone()) {
                takeSnapshot();
                if (options.naive()) {
                    takeNaiveSnapshot();
                }
            }
            long now = cluster.nowMicros();
            long nextK = Math.max(k + 1, (now - start) / period + 1);
            scheduleTick(start, deadline, nextK);
        });
    }

    private void takeSnapshot() {
        List<String> ids = cluster.driver().topology().processes();
        String initiator = ids.get(random.nextInt(ids.size()));
        CompletableFuture<GlobalSnapshot<BranchState>> f =
                cluster.driver().snapshots().initiate(initiator, options.snapshotTimeout());
        lastSnapshot = f;
        pending.add(f.whenComplete((s, err) -> {
            if (reported.get()) {
                return; // finished after the report (the cluster is closing): not part of this run
            }
            if (err != null) {
                String why = err.getMessage();
                failures.add(why);
                LOG.warn("{}", why);
                return;
            }
            long sent = s.states().values().stream().mapToLong(BranchState::sent).sum();
            transfersInLastCut.accumulateAndGet(sent, Math::max);
            long t0 = System.nanoTime();
            ConservationResult r = detector.detect(s);
            checks.accept(Report.of("bank", s.id(), detector.name(), r, Duration.ofNanos(System.nanoTime() - t0)));
            if (r.found()) {
                violations.incrementAndGet();
                if (violationDetails.size() < 20) {
                    violationDetails.add(r.summary());
                }
                LOG.error("{}", r.summary());
            }
            if (options.saveSnapshots() != null) {
                save(s);
            }
        }));
    }

    private void save(GlobalSnapshot<BranchState> s) {
        Path file = options.saveSnapshots().resolve("snapshot-" + s.id() + ".json");
        try {
            SavedSnapshot.of(s).write(file);
            saved.add(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The strawman: ask each branch for its balance, one after another, with no markers and no
     * channel recording, and add the answers up.
     */
    private void takeNaiveSnapshot() {
        if (branches.size() != cluster.driver().topology().size()) {
            throw new IllegalStateException("naive snapshots need every branch in this JVM");
        }
        Map<String, Long> answers = new ConcurrentHashMap<>();
        CompletableFuture<Long> done = new CompletableFuture<>();
        int n = branches.size();
        for (Process<Branch> p : branches) {
            Runnable ask = () -> p.tell((b, ctx) -> {
                answers.put(p.id(), b.balance());
                if (answers.size() == n) {
                    done.complete(answers.values().stream().mapToLong(Long::longValue).sum());
                }
            });
            // Polls reach branches at different moments, as a poller's requests would.
            cluster.driver().backend().schedule(Duration.ofNanos(random.nextInt(2_000) * 1_000L), ask);
        }
        pending.add(done.thenAccept(total -> {
            long k = naiveSnapshots.incrementAndGet();
            checks.accept(Report.of("naive", k, detector.name(), new ConservationResult(k, options.expectedTotal(),
                    total, answers, Map.of()), Duration.ZERO));
            if (total != options.expectedTotal()) {
                naiveViolations.incrementAndGet();
            }
        }));
    }

    private BankReport report(double seconds, long asked) {
        reported.set(true);
        MeterRegistry reg = meters.get(0).registry();
        long taken = count(reg, "cutwatch.snapshots.completed");
        Map<String, Long> byReason = failedByReason(reg);
        long failedCount = byReason.values().stream().mapToLong(Long::longValue).sum();
        long started = count(reg, "cutwatch.snapshots.started");
        long unfinished = Math.max(0, started - taken - failedCount);
        long skipped = Math.max(0, asked - started);
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : reg.get(LATENCY).timer().takeSnapshot().percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MILLISECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MILLISECONDS);
            }
        }
        long markers = 0;
        for (CutwatchMetrics m : meters) {
            markers += (long) m.registry().get("cutwatch.markers.sent").functionCounter().count();
        }
        long inFlightRecorded = (long) reg.get("cutwatch.snapshot.messages").summary().totalAmount();
        // Another JVM's branches count in the cut only; re-sent restored transfers are not new ones.
        long resent = 0;
        if (options.restore() != null) {
            for (List<Long> amounts : options.restore().inFlight().values()) {
                resent += amounts.size();
            }
        }
        long t = Math.max(transfers.sum(), transfersInLastCut.get() - resent);
        return new BankReport(options.branches(), options.members(), cluster.simulated(), options.seed(), seconds,
                options.expectedTotal(), t, seconds > 0 ? t / seconds : 0, Math.max(asked, started), taken,
                skipped, unfinished, stopRequested.get(), violations.get(), failedCount, List.copyOf(failures),
                naiveSnapshots.get(), naiveViolations.get(), p50, p99, markers,
                inFlightRecorded, List.copyOf(violationDetails), List.copyOf(saved), byReason);
    }

    private static long count(MeterRegistry reg, String counter) {
        return (long) reg.get(counter).counter().count();
    }

    /** The {@code cutwatch.snapshots.failed} counters that moved, by their {@code reason} tag. */
    static Map<String, Long> failedByReason(MeterRegistry reg) {
        Map<String, Long> out = new TreeMap<>();
        for (Counter c : reg.get("cutwatch.snapshots.failed").counters()) {
            long n = (long) c.count();
            if (n > 0) {
                out.put(c.getId().getTag("reason"), n);
            }
        }
        return out;
    }
}
