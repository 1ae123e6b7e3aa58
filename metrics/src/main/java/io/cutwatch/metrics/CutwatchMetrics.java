package io.cutwatch.metrics;

import io.cutwatch.Cutwatch;
import io.cutwatch.SnapshotObserver;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.JobClock;
import io.cutwatch.process.Process;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Cutwatch's snapshot meters on a Micrometer {@link MeterRegistry}, bound with one call:
 *
 * <pre>{@code
 * CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw);   // snapshot meters
 * metrics.bindJobs(jobs);                                           // detection job meters
 * }</pre>
 *
 * <p>Nothing is global: each binding registers its meters on the registry it was given and
 * observes one {@link Cutwatch}; {@link #close()} removes both. Until bound, Cutwatch registers
 * nothing and does no metrics work. The meters count the snapshots initiated on this member
 * from the moment of binding (bind before taking snapshots); their names, tags and units are
 * listed in {@code docs/metrics.md}.
 *
 * <p>Times (latency, ages) are read on the Cutwatch backend's clock: virtual time on the
 * simulator, the JVM's monotonic clock elsewhere. Thread-safe.
 */
public final class CutwatchMetrics implements AutoCloseable {
    /** Outcomes kept for {@link #recentFailureRate()}. */
    public static final int DEFAULT_FAILURE_WINDOW = 20;

    private final MeterRegistry registry;
    private final Cutwatch cutwatch;
    private final JobClock clock;
    private final long boundAt;
    private final List<Meter> meters = new ArrayList<>();
    private final List<JobMeters> jobBindings = new ArrayList<>();
    private final Map<Long, Long> startedAt = new ConcurrentHashMap<>();
    private final Counter started;
    private final Counter completed;
    private final Map<FailureReason, Counter> failed = new EnumMap<>(FailureReason.class);
    private final Timer latency;
    private final DistributionSummary messages;
    private final DistributionSummary bytes;
    private final Observer observer = new Observer();

    // guarded by this
    private final boolean[] outcomes;
    private int outcomeCount;
    private int outcomeNext;
    private long lastCompletedAt = Long.MIN_VALUE;
    private boolean closed;

    private CutwatchMetrics(MeterRegistry registry, Cutwatch cutwatch, int failureWindow) {
        this.registry = registry;
        this.cutwatch = cutwatch;
        this.clock = JobClock.of(cutwatch.backend());
        this.boundAt = clock.nanoTime();
        this.outcomes = new boolean[failureWindow];
        started = keep(Counter.builder("cutwatch.snapshots.started")
                .description("snapshots initiated on this member").register(registry));
        completed = keep(Counter.builder("cutwatch.snapshots.completed")
                .description("snapshots initiated here that completed (assembled and checked)")
                .register(registry));
        for (FailureReason r : FailureReason.values()) {
            failed.put(r, keep(Counter.builder("cutwatch.snapshots.failed").tag("reason", r.name())
                    .description("snapshots initiated here that failed, by typed reason")
                    .register(registry)));
        }
        keep(Gauge.builder("cutwatch.snapshots.in.flight", cutwatch, c -> c.snapshots().inFlight().size())
                .description("snapshots initiated here, neither completed nor failed yet")
                .strongReference(true).register(registry));
        latency = keep(Timer.builder("cutwatch.snapshot.latency")
                .description("initiation to assembled and checked global snapshot, completed snapshots only")
                .publishPercentileHistogram().register(registry));
        messages = keep(DistributionSummary.builder("cutwatch.snapshot.messages")
                .description("messages in transit recorded in the channel states of each completed snapshot").register(registry));
        bytes = keep(DistributionSummary.builder("cutwatch.snapshot.bytes").baseUnit("bytes")
                .description("bytes recorded by each completed snapshot as the backend encoded them (states plus "
                        + "messages in transit); recorded only on a backend that encodes pieces (Hazelcast)")
                .register(registry));
        keep(Gauge.builder("cutwatch.snapshot.last.completed.age", this, m -> m.sinceLastCompleted().toNanos() / 1e9)
                .description("seconds since the last snapshot completed here (since binding before the first)")
                .baseUnit("seconds").strongReference(true).register(registry));
        keep(FunctionCounter.builder("cutwatch.markers.sent", cutwatch, CutwatchMetrics::markersSent)
                .description("markers sent by the processes hosted on this member")
                .register(registry));
    }

    /** Binds the snapshot meters of {@code cutwatch} to {@code registry}. */
    public static CutwatchMetrics bind(MeterRegistry registry, Cutwatch cutwatch) {
        return bind(registry, cutwatch, DEFAULT_FAILURE_WINDOW);
    }

    /**
     * Binds the snapshot meters of {@code cutwatch} to {@code registry}; the health's failure rate
     * is taken over the last {@code failureWindow} outcomes.
     */
    public static CutwatchMetrics bind(MeterRegistry registry, Cutwatch cutwatch, int failureWindow) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(cutwatch, "cutwatch");
        if (failureWindow < 1) {
            throw new IllegalArgumentException("failure window must be at least 1, got " + failureWindow);
        }
        CutwatchMetrics m = new CutwatchMetrics(registry, cutwatch, failureWindow);
        cutwatch.snapshots().observe(m.observer);
        return m;
    }

    /**
     * Binds the meters of every detection job of {@code jobs} (jobs defined later are bound at
     * their first report, or by {@link JobMeters#refresh()}); closed with this binding.
     */
    public JobMeters bindJobs(DetectionJobs jobs) {
        JobMeters j = JobMeters.bind(registry, jobs, clock);
        synchronized (this) {
            jobBindings.add(j);
        }
        return j;
    }

    /** A health check over this binding; configure it, then {@link HealthCheck.Builder#build()}. */
    public HealthCheck.Builder health() {
        return HealthCheck.builder(this);
    }

    /** The job bindings made with {@link #bindJobs} (a copy). */
    public synchronized List<JobMeters> jobBindings() {
        return List.copyOf(jobBindings);
    }

    /** The registry the meters are on. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Cutwatch observed. */
    public Cutwatch cutwatch() {
        return cutwatch;
    }

    /** The clock times are read on (the backend's). */
    public JobClock clock() {
        return clock;
    }

    /** Time since the last snapshot completed here, or since binding before the first. */
    public synchronized Duration sinceLastCompleted() {
        long from = lastCompletedAt == Long.MIN_VALUE ? boundAt : lastCompletedAt;
        return Duration.ofNanos(Math.max(0, clock.nanoTime() - from));
    }

    /** Whether a snapshot completed here since binding. */
    public synchronized boolean anyCompleted() {
        return lastCompletedAt != Long.MIN_VALUE;
    }

    /**
     * The fraction of failed snapshots among the last outcomes (at most the failure window), or
     * empty before the first outcome.
     */
    public synchronized Optional<Double> recentFailureRate() {
        if (outcomeCount == 0) {
            return Optional.empty();
        }
        int failures = 0;
        for (int i = 0; i < outcomeCount; i++) {
            if (!outcomes[i]) {
                failures++;
            }
        }
        return Optional.of((double) failures / outcomeCount);
    }

    /** How many outcomes {@link #recentFailureRate()} is over. */
    public synchronized int recentOutcomes() {
        return outcomeCount;
    }

    /** Stops observing and removes every meter this binding (and its job bindings) registered. Idempotent. */
    @Override
    public void close() {
        List<JobMeters> jobs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            jobs = new ArrayList<>(jobBindings);
        }
        cutwatch.snapshots().unobserve(observer);
        for (JobMeters j : jobs) {
            j.close();
        }
        for (Meter m : meters) {
            registry.remove(m);
        }
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    private synchronized void outcome(boolean success, long at) {
        outcomes[outcomeNext] = success;
        outcomeNext = (outcomeNext + 1) % outcomes.length;
        outcomeCount = Math.min(outcomeCount + 1, outcomes.length);
        if (success) {
            lastCompletedAt = at;
        }
    }

    private static double markersSent(Cutwatch cw) {
        long sum = 0;
        for (String p : cw.hostedProcesses()) {
            Process<?> proc = cw.process(p);
            sum += proc.stats().markersSent();
        }
        return sum;
    }

    private final class Observer implements SnapshotObserver {
        @Override
        public void initiated(long snapshotId) {
            startedAt.put(snapshotId, clock.nanoTime());
            started.increment();
        }

        @Override
        public void recordedBytes(long snapshotId, long recordedBytes) {
            bytes.record(recordedBytes);
        }

        @Override
        public void completed(GlobalSnapshot<?> snapshot) {
            long now = clock.nanoTime();
            Long t0 = startedAt.remove(snapshot.id());
            if (t0 != null) {
                latency.record(Math.max(0, now - t0), TimeUnit.NANOSECONDS);
            }
            messages.record(snapshot.inTransitCount());
            completed.increment();
            outcome(true, now);
        }

        @Override
        public void failed(SnapshotFailure failure) {
            startedAt.remove(failure.snapshotId());
            failed.get(failure.reason()).increment();
            outcome(false, clock.nanoTime());
        }
    }
}
