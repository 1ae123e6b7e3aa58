package io.cutwatch.metrics;

import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.JobClock;
import io.cutwatch.detect.JobMetrics;
import io.cutwatch.detect.Report;
import io.cutwatch.snapshot.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The meters of the detection jobs of one {@link DetectionJobs}, tagged by job: runs, skipped
 * periods, snapshot failures by reason, detector duration, findings by detector and verdict, and
 * the age of the last completed run. Bound by {@link CutwatchMetrics#bindJobs} or
 * {@link #bind(MeterRegistry, DetectionJobs, JobClock)}; {@link #close()} removes them.
 * Thread-safe.
 */
public final class JobMeters implements AutoCloseable {
    /** The {@code reason} tag of job failures that carry no {@link FailureReason} (e.g. a source that never answered). */
    public static final String OTHER_REASON = "OTHER";

    private final MeterRegistry registry;
    private final DetectionJobs jobs;
    private final JobClock clock;
    private final long boundAt;
    private final Map<String, Long> lastCompletedAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> bound = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Meter> meters = new CopyOnWriteArrayList<>();
    private final Consumer<Report> listener = this::onReport;
    private volatile boolean closed;

    private JobMeters(MeterRegistry registry, DetectionJobs jobs, JobClock clock) {
        this.registry = registry;
        this.jobs = jobs;
        this.clock = clock;
        this.boundAt = clock.nanoTime();
    }

    /** Binds the meters of every job of {@code jobs}, timing ages on {@code clock}. */
    public static JobMeters bind(MeterRegistry registry, DetectionJobs jobs, JobClock clock) {
        JobMeters m = new JobMeters(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(jobs, "jobs"),
                Objects.requireNonNull(clock, "clock"));
        m.refresh();
        jobs.onReport(m.listener);
        return m;
    }

    /** Binds the meters of jobs defined since the last call (a job's first report does it too). */
    public void refresh() {
        for (DetectionJob j : jobs.jobs()) {
            bindJob(j);
        }
    }

    /** Time since job {@code job}'s last completed run here, or since binding before the first. */
    public Duration sinceLastCompleted(String job) {
        long from = lastCompletedAt.getOrDefault(job, boundAt);
        return Duration.ofNanos(Math.max(0, clock.nanoTime() - from));
    }

    /** Whether job {@code job} completed a run here since binding. */
    public boolean anyCompleted(String job) {
        return lastCompletedAt.containsKey(job);
    }

    /** The jobs bound. */
    public DetectionJobs jobs() {
        return jobs;
    }

    /** Stops listening and removes every meter this binding registered. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        jobs.removeReportListener(listener);
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }

    private void bindJob(DetectionJob job) {
        if (closed || bound.putIfAbsent(job.name(), Boolean.TRUE) != null) {
            return;
        }
        String name = job.name();
        counter("cutwatch.job.runs", job, JobMetrics::snapshotsStarted,
                "snapshots the job started (one per period that was not skipped)");
        counter("cutwatch.job.snapshots.taken", job, JobMetrics::snapshotsTaken,
                "snapshots that completed and were handed to the job's detectors");
        counter("cutwatch.job.skipped", job, JobMetrics::snapshotsSkipped,
                "periods skipped because the previous run was still in flight");
        for (FailureReason r : FailureReason.values()) {
            keep(FunctionCounter.builder("cutwatch.job.failures", job,
                            j -> j.metrics().failureReasons().getOrDefault(r.name(), 0L))
                    .tag("job", name).tag("reason", r.name())
                    .description("the job's snapshots that failed, by reason").register(registry));
        }
        keep(FunctionCounter.builder("cutwatch.job.failures", job, JobMeters::untypedFailures)
                .tag("job", name).tag("reason", OTHER_REASON)
                .description("the job's snapshots that failed, by reason").register(registry));
        keep(Gauge.builder("cutwatch.job.last.completed.age", this, m -> m.sinceLastCompleted(name).toNanos() / 1e9)
                .tag("job", name).baseUnit("seconds").strongReference(true)
                .description("seconds since the job's last completed run here (since binding before the first)")
                .register(registry));
    }

    private void counter(String meter, DetectionJob job, ToDoubleFunction<JobMetrics> f, String what) {
        keep(FunctionCounter.builder(meter, job, j -> f.applyAsDouble(j.metrics()))
                .tag("job", job.name()).description(what).register(registry));
    }

    private static double untypedFailures(DetectionJob job) {
        JobMetrics m = job.metrics();
        long typed = 0;
        for (FailureReason r : FailureReason.values()) {
            typed += m.failureReasons().getOrDefault(r.name(), 0L);
        }
        return Math.max(0, m.snapshotsFailed() - typed);
    }

    private void onReport(Report r) {
        if (closed) {
            return;
        }
        Optional.ofNullable(jobs.find(r.job())).ifPresent(this::bindJob);
        lastCompletedAt.put(r.job(), clock.nanoTime());
        keep(Timer.builder("cutwatch.job.detector.duration").tag("job", r.job()).tag("detector", r.detector())
                .description("time spent inside one detector on one snapshot").register(registry))
                .record(r.took());
        keep(Counter.builder("cutwatch.job.findings").tag("job", r.job()).tag("detector", r.detector())
                .tag("verdict", r.verdict().name())
                .description("reports by detector and verdict (FOUND, CLEAN, FAILED)").register(registry))
                .increment();
    }

    private <M extends Meter> M keep(M meter) {
        meters.addIfAbsent(meter);
        return meter;
    }
}
