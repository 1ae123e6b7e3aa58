package io.cutwatch.metrics;

import io.cutwatch.detect.DetectionJob;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Computes a {@link HealthReport} from a {@link CutwatchMetrics} binding, its job bindings and
 * (on a cluster) the processes lost with their members:
 *
 * <ul>
 *   <li>{@code processes-lost} (DOWN): processes whose member left; the message names the member.</li>
 *   <li>{@code no-recent-snapshot} (DOWN): no snapshot completed here within {@code missedPeriods}
 *       periods: of each bound job that ticks on this member, or of {@link Builder#expectSnapshotEvery}.</li>
 *   <li>{@code failure-rate} (DEGRADED): the fraction of failed snapshots among the last
 *       outcomes (the binding's failure window) is above {@code maxFailureRate}.</li>
 *   <li>any check added with {@link Builder#check}, such as the Hazelcast channel meters'
 *       {@code window-closed} (DEGRADED).</li>
 * </ul>
 *
 * <pre>{@code
 * HealthCheck health = metrics.health()
 *         .lostProcesses(HazelcastCutwatch.backend(cw)::lostProcesses)
 *         .missedPeriods(3).maxFailureRate(0.5).build();
 * String json = health.report().toJson();
 * }</pre>
 *
 * <p>Each {@link #report()} reads the current figures; thread-safe.
 */
public final class HealthCheck {
    /** Periods without a completed snapshot before {@code no-recent-snapshot}, by default. */
    public static final int DEFAULT_MISSED_PERIODS = 3;
    /** Failure rate above which {@code failure-rate} reports DEGRADED, by default. */
    public static final double DEFAULT_MAX_FAILURE_RATE = 0.5;

    private final CutwatchMetrics metrics;
    private final Supplier<Map<String, String>> lostProcesses;
    private final Duration expectedEvery;
    private final int missedPeriods;
    private final double maxFailureRate;
    private final List<Supplier<List<HealthReport.Reason>>> extraChecks;

    private HealthCheck(Builder b) {
        this.extraChecks = List.copyOf(b.extraChecks);
        this.metrics = b.metrics;
        this.lostProcesses = b.lostProcesses;
        this.expectedEvery = b.expectedEvery;
        this.missedPeriods = b.missedPeriods;
        this.maxFailureRate = b.maxFailureRate;
    }

    /** Starts configuring a check over {@code metrics}. */
    public static Builder builder(CutwatchMetrics metrics) {
        return new Builder(Objects.requireNonNull(metrics, "metrics"));
    }

    /** The health now. */
    public HealthReport report() {
        List<HealthReport.Reason> reasons = new ArrayList<>();
        lost().ifPresent(reasons::add);
        reasons.addAll(stale());
        failureRate().ifPresent(reasons::add);
        for (Supplier<List<HealthReport.Reason>> c : extraChecks) {
            reasons.addAll(c.get());
        }
        return HealthReport.of(reasons);
    }

    private Optional<HealthReport.Reason> lost() {
        Map<String, String> lost = lostProcesses.get();
        if (lost == null || lost.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> sorted = new TreeMap<>(lost);
        String message = String.join("; ", new LinkedHashMap<>(invert(sorted)).keySet());
        return Optional.of(new HealthReport.Reason("processes-lost", HealthReport.Status.DOWN,
                sorted.size() + " process(es) lost: " + message, sorted));
    }

    private static Map<String, String> invert(Map<String, String> lost) {
        Map<String, String> byReason = new LinkedHashMap<>();
        lost.forEach((p, why) -> byReason.putIfAbsent(why, p));
        return byReason;
    }

    private List<HealthReport.Reason> stale() {
        List<HealthReport.Reason> out = new ArrayList<>();
        Duration since = metrics.sinceLastCompleted();
        if (expectedEvery != null) {
            Duration limit = expectedEvery.multipliedBy(missedPeriods);
            if (since.compareTo(limit) > 0) {
                out.add(staleReason("snapshots", limit, since));
            }
        }
        for (JobMeters jm : metrics.jobBindings()) {
            for (DetectionJob job : jm.jobs().jobs()) {
                // On a cluster a job ticks on one member; the others have nothing to say about it.
                if (job.stopped() || (!job.selfTimed() && job.metrics().ticks() == 0)) {
                    continue;
                }
                Duration limit = job.period().multipliedBy(missedPeriods);
                Duration jobSince = jm.sinceLastCompleted(job.name());
                if (jobSince.compareTo(limit) > 0) {
                    out.add(staleReason("job " + job.name(), limit, jobSince));
                }
            }
        }
        return out;
    }

    private HealthReport.Reason staleReason(String what, Duration limit, Duration since) {
        return new HealthReport.Reason("no-recent-snapshot", HealthReport.Status.DOWN,
                what + ": no snapshot completed for " + since.toMillis() + " ms (limit " + missedPeriods
                        + " periods = " + limit.toMillis() + " ms)",
                Map.of("of", what, "sinceMillis", Long.toString(since.toMillis()),
                        "limitMillis", Long.toString(limit.toMillis())));
    }

    private Optional<HealthReport.Reason> failureRate() {
        Optional<Double> rate = metrics.recentFailureRate();
        if (rate.isEmpty() || rate.get() <= maxFailureRate) {
            return Optional.empty();
        }
        int n = metrics.recentOutcomes();
        return Optional.of(new HealthReport.Reason("failure-rate", HealthReport.Status.DEGRADED,
                String.format(java.util.Locale.ROOT, "%.0f%% of the last %d snapshots failed (threshold %.0f%%)",
                        rate.get() * 100, n, maxFailureRate * 100),
                Map.of("rate", Double.toString(rate.get()), "outcomes", Integer.toString(n),
                        "threshold", Double.toString(maxFailureRate))));
    }

    /** Configures a {@link HealthCheck}; not thread-safe. */
    public static final class Builder {
        private final CutwatchMetrics metrics;
        private Supplier<Map<String, String>> lostProcesses = Map::of;
        private Duration expectedEvery;
        private int missedPeriods = DEFAULT_MISSED_PERIODS;
        private double maxFailureRate = DEFAULT_MAX_FAILURE_RATE;
        private final List<Supplier<List<HealthReport.Reason>>> extraChecks = new ArrayList<>();

        private Builder(CutwatchMetrics metrics) {
            this.metrics = metrics;
        }

        /**
         * The processes lost with their members, process to reason (on Hazelcast:
         * {@code HazelcastCutwatch.backend(cw)::lostProcesses}). None by default.
         */
        public Builder lostProcesses(Supplier<Map<String, String>> lostProcesses) {
            this.lostProcesses = Objects.requireNonNull(lostProcesses, "lostProcesses");
            return this;
        }

        /**
         * Expects a snapshot to complete here at least this often (besides the periods of the
         * bound jobs), for applications that take snapshots without a detection job.
         */
        public Builder expectSnapshotEvery(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("expected snapshot period must be positive, got " + period);
            }
            this.expectedEvery = period;
            return this;
        }

        /** Periods without a completed snapshot before DOWN; {@value #DEFAULT_MISSED_PERIODS} by default. */
        public Builder missedPeriods(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("missed periods must be at least 1, got " + n);
            }
            this.missedPeriods = n;
            return this;
        }

        /** Failure rate (0..1) above which the health is DEGRADED; {@value #DEFAULT_MAX_FAILURE_RATE} by default. */
        public Builder maxFailureRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("max failure rate must be in [0, 1], got " + rate);
            }
            this.maxFailureRate = rate;
            return this;
        }

        /**
         * Adds a check run at each {@link HealthCheck#report()}, answering its failed reasons (empty
         * when healthy), e.g. {@code ChannelMeters.windowClosedCheck(limit)}.
         */
        public Builder check(Supplier<List<HealthReport.Reason>> check) {
            extraChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        public HealthCheck build() {
            return new HealthCheck(this);
        }
    }
}
