package io.cutwatch.detect;

import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A scheduled detection job: every period it takes a snapshot (initiated by its processes in
 * turn) and runs its detectors on it, storing and publishing one {@link Report} per detector.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>At most one run in flight: a run lasts from starting the snapshot until its reports are
 *       stored and published; a period that elapses meanwhile starts nothing and is counted as
 *       skipped ({@link JobMetrics#snapshotsSkipped()}).</li>
 *   <li>Nothing kills the job: a failed snapshot is counted with its reason, a throwing detector
 *       yields a FAILED report while the others still run, a throwing listener or report store
 *       is logged. A snapshot source that never answers is abandoned after 1.25 x the
 *       snapshot timeout ({@link SnapshotSourceTimeoutException}).</li>
 *   <li>Reports of one run reach the store and the listeners in the job's detector order, runs in
 *       the order their snapshots completed (one at a time).</li>
 * </ul>
 *
 * <p>Driving: {@link #start()} ticks the job every period on the {@link JobClock} (virtual time on
 * the simulator). A cluster driver instead calls {@link #tick()} on one member at a time; do not
 * do both. Threading: all methods are thread-safe; {@code tick()} never blocks.
 */
public final class DetectionJob {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionJob.class);

    /** How many snapshot failure messages {@link JobMetrics#recentFailures()} keeps. */
    public static final int RECENT_FAILURES = 10;

    /** Every this many snapshots taken, the job logs its {@link JobMetrics#summary()} at INFO. */
    public static final int METRICS_LOG_EVERY = 100;

    private final DetectionJobs owner;
    private final String name;
    private final List<String> processes;
    private final List<Detector<?>> detectors;
    private final List<String> detectorNames;
    private final Duration period;
    private final Duration timeout;
    private final List<Consumer<Report>> listeners;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean selfTimed = new AtomicBoolean();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong detectorFailures = new AtomicLong();

    // guarded by this
    private final Map<String, Long> failureReasons = new HashMap<>();
    private final ArrayDeque<String> recentFailures = new ArrayDeque<>();
    private final Map<String, Verdict> lastVerdicts = new LinkedHashMap<>();
    private List<Report> lastReports = List.of();
    private long lastSnapshotId = -1;
    private long latencyCount;
    private long latencyTotalNanos;
    private long latencyMinNanos = Long.MAX_VALUE;
    private long latencyMaxNanos;
    private long latencyLastNanos;

    private DetectionJob(Builder b, List<Detector<?>> detectors) {
        this.owner = b.owner;
        this.name = b.name;
        this.processes = b.processes;
        this.detectors = List.copyOf(detectors);
        List<String> names = new ArrayList<>();
        for (Detector<?> d : detectors) {
            names.add(DetectorRegistry.requireValidName(d));
        }
        this.detectorNames = List.copyOf(names);
        this.period = b.period;
        this.timeout = b.timeout;
        this.listeners = List.copyOf(b.listeners);
    }

    public String name() {
        return name;
    }

    /** Initiators, used in turn (round robin), one per snapshot. */
    public List<String> processes() {
        return processes;
    }

    /** Names of the detectors run on each snapshot, in run order. */
    public List<String> detectors() {
        return detectorNames;
    }

    public Duration period() {
        return period;
    }

    public Duration snapshotTimeout() {
        return timeout;
    }

    /**
     * Ticks this job every period on its clock, the first time one period from now.
     *
     * @throws IllegalStateException if already started or stopped
     */
    public DetectionJob start() {
        if (stopped.get()) {
            throw new IllegalStateException("job " + name + " is stopped; define a new job to start again");
        }
        if (!selfTimed.compareAndSet(false, true)) {
            throw new IllegalStateException("job " + name + " is already started");
        }
        LOG.info("job {} started: every {}, snapshot timeout {}, initiators {}, detectors {}", name, period,
                timeout, processes, detectorNames);
        owner.clock().schedule(period, this::selfTick);
        return this;
    }

    /** True when {@link #start()} made this job tick itself. */
    public boolean selfTimed() {
        return selfTimed.get();
    }

    private void selfTick() {
        if (stopped.get()) {
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("job {}: tick failed unexpectedly; the job keeps its schedule", name, e);
        } finally {
            owner.clock().schedule(period, this::selfTick);
        }
    }

    /**
     * One period elapsed: starts a snapshot unless one is in flight (then counts a skip).
     * Returns at once; detection happens when the snapshot completes.
     *
     * @return true if a snapshot was started, false if skipped or stopped
     */
    public boolean tick() {
        if (stopped.get()) {
            return false;
        }
        ticks.incrementAndGet();
        if (!inFlight.compareAndSet(false, true)) {
            long s = skipped.incrementAndGet();
            LOG.debug("job {}: previous snapshot still in flight, period skipped ({} so far)", name, s);
            return false;
        }
        if (stopped.get()) {
            // stop() ran between the check above and taking the slot: once stop() has returned and
            // inFlight() reads false, no run may start and deliver any more.
            inFlight.set(false);
            return false;
        }
        long n = started.incrementAndGet();
        String initiator = processes.get((int) ((n - 1) % processes.size()));
        long t0 = owner.clock().nanoTime();
        CompletableFuture<GlobalSnapshot<?>> outcome = new CompletableFuture<>();
        try {
            CompletableFuture<? extends GlobalSnapshot<?>> f = owner.source().take(initiator, timeout);
            if (f == null) {
                throw new IllegalStateException("snapshot source returned null instead of a future");
            }
            f.whenComplete((snap, err) -> {
                if (err != null) {
                    outcome.completeExceptionally(unwrap(err));
                } else if (snap == null) {
                    outcome.completeExceptionally(new IllegalStateException("snapshot source completed with null"));
                } else {
                    outcome.complete(snap);
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
        if (!outcome.isDone()) {
            Duration grace = timeout.plus(timeout.dividedBy(4));
            owner.clock().schedule(grace, () -> outcome.completeExceptionally(
                    new SnapshotSourceTimeoutException(name, initiator, grace)));
        }
        outcome.whenComplete((snap, err) -> dispatch(initiator, t0, snap, err));
        return true;
    }

    private void dispatch(String initiator, long t0, GlobalSnapshot<?> snap, Throwable err) {
        try {
            owner.detectionExecutor().execute(() -> finish(initiator, t0, snap, err));
        } catch (RejectedExecutionException e) {
            snapshotFailed(initiator, e);
            inFlight.set(false);
        }
    }

    private void finish(String initiator, long t0, GlobalSnapshot<?> snap, Throwable err) {
        try {
            if (err != null) {
                snapshotFailed(initiator, err);
                return;
            }
            taken.incrementAndGet();
            List<Report> reports = DetectorRunner.run(name, snap, detectors);
            long latency = Math.max(0, owner.clock().nanoTime() - t0);
            synchronized (this) {
                lastSnapshotId = snap.id();
                lastReports = reports;
                latencyCount++;
                latencyTotalNanos += latency;
                latencyLastNanos = latency;
                latencyMinNanos = Math.min(latencyMinNanos, latency);
                latencyMaxNanos = Math.max(latencyMaxNanos, latency);
                for (Report r : reports) {
                    lastVerdicts.put(r.detector(), r.verdict());
                }
            }
            StringBuilder verdicts = new StringBuilder();
            for (Report r : reports) {
                if (r.verdict() == Verdict.FAILED) {
                    detectorFailures.incrementAndGet();
                }
                verdicts.append(verdicts.length() == 0 ? "" : ", ").append(r.detector()).append('=')
                        .append(r.verdict());
            }
            LOG.info("job {}: snapshot {} from {} examined in {} ms: {}", name, snap.id(), initiator,
                    latency / 1_000_000, verdicts);
            if (taken.get() % METRICS_LOG_EVERY == 0) {
                LOG.info("{}", metrics().summary());
            }
            for (Report r : reports) {
                deliver(r);
            }
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("job {}: run failed unexpectedly; the job keeps running", name, e);
            snapshotFailed(initiator, e);
        } finally {
            inFlight.set(false);
        }
    }

    private void deliver(Report r) {
        try {
            owner.reports().add(r);
        } catch (RuntimeException e) {
            LOG.warn("job {}: report store rejected {}: {}", name, r, e.toString());
        }
        for (Consumer<Report> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("job {}: report listener threw on {}", name, r, e);
            }
        }
        owner.publish(r);
    }

    private void snapshotFailed(String initiator, Throwable err) {
        failed.incrementAndGet();
        // Typed reasons where the snapshot service gave one (TIMEOUT, MEMBER_LOST, ...), else the exception's kind.
        String kind = err instanceof SnapshotFailedException f ? f.reason().name() : err.getClass().getSimpleName();
        String msg = err.getMessage() == null ? kind : err.getMessage();
        synchronized (this) {
            failureReasons.merge(kind, 1L, Long::sum);
            if (recentFailures.size() == RECENT_FAILURES) {
                recentFailures.removeFirst();
            }
            recentFailures.addLast(msg);
        }
        LOG.warn("job {}: snapshot initiated at {} failed: {}", name, initiator, msg);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Stops ticking; a run in flight still completes and reports. Idempotent. Once this has returned
     * and {@link #inFlight()} reads false, the job delivers no further report.
     */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            LOG.info("job {} stopped; {}", name, metrics().summary());
        }
    }

    public boolean stopped() {
        return stopped.get();
    }

    /** True while a snapshot or its detection is in flight. */
    public boolean inFlight() {
        return inFlight.get();
    }

    /** The reports of the latest completed run, in detector order (empty before the first). */
    public synchronized List<Report> lastReports() {
        return lastReports;
    }

    /** A consistent copy of this job's counters on this member. */
    public JobMetrics metrics() {
        synchronized (this) {
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            for (String d : detectorNames) {
                Verdict v = lastVerdicts.get(d);
                if (v != null) {
                    verdicts.put(d, v);
                }
            }
            JobMetrics.Latency latency = latencyCount == 0 ? JobMetrics.Latency.NONE
                    : new JobMetrics.Latency(latencyCount, Duration.ofNanos(latencyLastNanos),
                    Duration.ofNanos(latencyMinNanos), Duration.ofNanos(latencyMaxNanos),
                    Duration.ofNanos(latencyTotalNanos / latencyCount));
            return new JobMetrics(name, ticks.get(), started.get(), taken.get(), skipped.get(), failed.get(),
                    failureReasons, new ArrayList<>(recentFailures), detectorFailures.get(), latency, verdicts,
                    lastSnapshotId);
        }
    }

    @Override
    public String toString() {
        return "DetectionJob[" + name + ", every " + period + ", detectors " + detectorNames + "]";
    }

    /**
     * Defines a job: which processes initiate, which detectors run, the period and the snapshot
     * timeout. Not thread-safe; {@link #build()} validates and registers the job with its
     * {@link DetectionJobs}.
     */
    public static final class Builder {
        private final DetectionJobs owner;
        private final String name;
        private final List<Object> detectorSpecs = new ArrayList<>();
        private final List<Consumer<Report>> listeners = new CopyOnWriteArrayList<>();
        private List<String> processes;
        private Duration period;
        private Duration timeout;

        Builder(DetectionJobs owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        /**
         * The processes that initiate this job's snapshots, used in turn. Default: every process of
         * the Cutwatch topology. (A snapshot always covers the whole topology: Chandy-Lamport needs
         * every process to record for the cut to be consistent.)
         */
        public Builder processes(String... processes) {
            this.processes = DetectionJobs.copyNames("process", name, processes);
            return this;
        }

        /** Detectors by registry name, run in the order given (after any named earlier). */
        public Builder detectors(String... names) {
            detectorSpecs.addAll(DetectionJobs.copyNames("detector", name, names));
            return this;
        }

        /** Detector instances (need not be registered), run in the order given. */
        public Builder detectors(Detector<?>... detectors) {
            for (Detector<?> d : detectors) {
                detectorSpecs.add(Objects.requireNonNull(d, "detector"));
            }
            return this;
        }

        /** The period between snapshots. Required. */
        public Builder every(Duration period) {
            this.period = DetectionJobs.requirePositive("period", name, period);
            return this;
        }

        /** How long a snapshot may take before it counts as failed. Default: the period. */
        public Builder snapshotTimeout(Duration timeout) {
            this.timeout = DetectionJobs.requirePositive("snapshot timeout", name, timeout);
            return this;
        }

        /** Called with each report of this job, after it is stored, on the detection thread. */
        public Builder onReport(Consumer<Report> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Validates and registers the job (not started).
         *
         * @throws IllegalArgumentException     naming what is missing or wrong
         * @throws UnknownDetectorException     for a detector name not in the registry
         * @throws UnknownProcessException      for an initiator outside the topology
         * @throws DuplicateJobException        if the name was taken meanwhile
         */
        public DetectionJob build() {
            if (period == null) {
                throw new IllegalArgumentException("job " + name + " has no period: call every(Duration)");
            }
            if (timeout == null) {
                timeout = period;
            }
            List<String> known = owner.defaultProcesses();
            if (processes == null) {
                if (known.isEmpty()) {
                    throw new IllegalArgumentException("job " + name
                            + " has no initiating processes: call processes(...)");
                }
                processes = known;
            } else if (processes.isEmpty()) {
                throw new IllegalArgumentException("job " + name + ": processes(...) needs at least one process");
            } else if (!known.isEmpty()) {
                for (String p : processes) {
                    if (!known.contains(p)) {
                        throw new UnknownProcessException(p, "detection job " + name, known);
                    }
                }
            }
            if (detectorSpecs.isEmpty()) {
                throw new IllegalArgumentException("job " + name + " has no detectors: call detectors(...) with"
                        + " registered names " + owner.registry().names() + " or detector instances");
            }
            List<Detector<?>> resolved = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (Object spec : detectorSpecs) {
                Detector<?> d;
                if (spec instanceof String n) {
                    if (!owner.registry().contains(n)) {
                        throw new UnknownDetectorException(n, "detection job " + name, owner.registry().names());
                    }
                    d = owner.registry().get(n);
                } else {
                    d = (Detector<?>) spec;
                }
                String dn = DetectorRegistry.requireValidName(d);
                if (seen.contains(dn)) {
                    throw new IllegalArgumentException("job " + name + " lists detector '" + dn + "' twice");
                }
                seen.add(dn);
                resolved.add(d);
            }
            return owner.register(new DetectionJob(this, resolved));
        }

        /** {@link #build()} then {@link DetectionJob#start()}. */
        public DetectionJob start() {
            return build().start();
        }
    }
}
