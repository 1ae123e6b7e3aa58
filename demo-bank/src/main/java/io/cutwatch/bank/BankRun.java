package io.cutwatch.bank;

import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    private final AtomicBoolean go = new AtomicBoolean(true);
    private final LongAdder transfers = new LongAdder();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong naiveSnapshots = new AtomicLong();
    private final AtomicLong naiveViolations = new AtomicLong();
    private final AtomicLong inFlightRecorded = new AtomicLong();
    /** Transfers sent inside the latest completed cut: counts every JVM's branches. */
    private final AtomicLong transfersInLastCut = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> violationDetails = new CopyOnWriteArrayList<>();
    private final List<String> saved = new CopyOnWriteArrayList<>();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
    private final List<Process<Branch>> branches = new ArrayList<>();
    private final Random random;

    public BankRun(BankOptions options, BankCluster cluster) {
        this.options = options;
        this.cluster = cluster;
        this.detector = new ConservationDetector(options.expectedTotal());
        this.random = new Random(options.seed());
    }

    /**
     * Holds transfers back until {@link #open()} (for multi-JVM runs, where branches start in
     * several JVMs). Call before {@link #startBranches}.
     */
    public void holdTransfers() {
        go.set(false);
    }

    /** Lets branches transfer. */
    public void open() {
        go.set(true);
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
            branches.add(host.process(id, new Branch(balance))
                    .capture(Branch::copy)
                    .onStart((b, ctx) -> b.start(ctx, inFlight, options.maxTransferGap(), running::get, go::get,
                            transfers::increment))
                    .onMessage((b, from, payload, ctx) -> b.receive((Transfer) payload))
                    .start());
        }
    }

    /** Runs for the configured duration, then lets in-flight snapshots finish; reports progress. */
    public BankReport run(Consumer<Progress> progress) {
        long start = cluster.nowMicros();
        long totalMillis = options.duration().toMillis();
        scheduleSnapshot();
        long step = cluster.simulated() ? Math.max(1, totalMillis / 100) : 200;
        long elapsed = 0;
        while (elapsed < totalMillis) {
            long next = Math.min(totalMillis, elapsed + step);
            if (cluster.simulated()) {
                cluster.advance(next - elapsed);
            } else {
                sleepUntil(start + next * 1_000);
            }
            elapsed = next;
            progress.accept(progress(elapsed, totalMillis));
        }
        running.set(false);
        double seconds = (cluster.nowMicros() - start) / 1e6;
        awaitPending();
        return report(seconds);
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

    private void awaitPending() {
        long deadline = cluster.nowMicros() + options.snapshotTimeout().toNanos() / 1_000 + 1_000_000;
        while (pending.stream().anyMatch(f -> !f.isDone()) && cluster.nowMicros() < deadline) {
            if (cluster.simulated()) {
                cluster.advance(10);
            } else {
                sleepUntil(cluster.nowMicros() + 10_000);
            }
        }
    }

    public Progress progress(long elapsedMillis, long totalMillis) {
        return new Progress(elapsedMillis, totalMillis, transfers.sum(), snapshots.get(), violations.get(),
                failed.get(), naiveViolations.get());
    }

    private void scheduleSnapshot() {
        cluster.driver().backend().schedule(options.snapshotEvery(), () -> {
            if (!running.get()) {
                return;
            }
            takeSnapshot();
            if (options.naive()) {
                takeNaiveSnapshot();
            }
            scheduleSnapshot();
        });
    }

    private void takeSnapshot() {
        List<String> ids = cluster.driver().topology().processes();
        String initiator = ids.get(random.nextInt(ids.size()));
        long t0 = cluster.nowMicros();
        CompletableFuture<GlobalSnapshot<BranchState>> f =
                cluster.driver().snapshots().initiate(initiator, options.snapshotTimeout());
        pending.add(f.whenComplete((s, err) -> {
            if (err != null) {
                failed.incrementAndGet();
                String why = err.getMessage();
                failures.add(why);
                LOG.warn("{}", why);
                return;
            }
            latenciesMicros.add(cluster.nowMicros() - t0);
            snapshots.incrementAndGet();
            inFlightRecorded.addAndGet(s.inTransitCount());
            long sent = s.states().values().stream().mapToLong(BranchState::sent).sum();
            transfersInLastCut.accumulateAndGet(sent, Math::max);
            ConservationResult r = detector.detect(s);
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
            naiveSnapshots.incrementAndGet();
            if (total != options.expectedTotal()) {
                naiveViolations.incrementAndGet();
            }
        }));
    }

    private BankReport report(double seconds) {
        List<Long> lat;
        synchronized (latenciesMicros) {
            lat = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(lat);
        long markers = 0;
        for (Process<Branch> p : branches) {
            markers += p.stats().markersSent();
        }
        long t = Math.max(transfers.sum(), transfersInLastCut.get());
        return new BankReport(options.branches(), options.members(), cluster.simulated(), options.seed(), seconds,
                options.expectedTotal(), t, seconds > 0 ? t / seconds : 0, snapshots.get(), violations.get(),
                failed.get(), List.copyOf(failures), naiveSnapshots.get(), naiveViolations.get(),
                percentile(lat, 50), percentile(lat, 99), markers, inFlightRecorded.get(),
                List.copyOf(violationDetails), List.copyOf(saved));
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1_000.0;
    }
}
