package io.cutwatch.deadlock.demo;

import io.cutwatch.Cutwatch;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A periodic deadlock detection job on the simulator: every {@code period} of virtual time it
 * initiates a snapshot at {@code initiator}, runs the detector on it and hands the report to
 * {@code onReport}. A stand-in for the core's scheduled detection jobs where only the simulator
 * is at hand (demo, tests).
 *
 * <p>Threading: everything runs on the simulator's thread, inside its event loop; {@code onReport}
 * may call the application (e.g. abort a victim). A snapshot that fails is counted and skipped; a
 * detection that throws is logged and kept in {@link #failures()}; either way the job goes on.
 */
public final class SimulatedDeadlockJob {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDeadlockJob.class);
    private final Cutwatch cutwatch;
    private final Simulation sim;
    private final String initiator;
    private final Duration period;
    private final DeadlockDetector<?> detector;
    private final BiConsumer<GlobalSnapshot<Object>, DeadlockReport> onReport;
    private final List<DeadlockReport> reports = new ArrayList<>();
    private boolean stopped;
    private long failedSnapshots;
    private final List<RuntimeException> failures = new ArrayList<>();

    private SimulatedDeadlockJob(Cutwatch cutwatch, String initiator, Duration period, DeadlockDetector<?> detector,
                                 BiConsumer<GlobalSnapshot<Object>, DeadlockReport> onReport) {
        this.cutwatch = cutwatch;
        this.sim = cutwatch.simulation();
        this.initiator = initiator;
        this.period = period;
        this.detector = detector;
        this.onReport = onReport;
    }

    /** Schedules the first run one {@code period} from now. */
    public static SimulatedDeadlockJob every(Cutwatch cutwatch, Duration period, String initiator,
                                             DeadlockDetector<?> detector, Consumer<DeadlockReport> onReport) {
        Objects.requireNonNull(onReport, "onReport");
        return every(cutwatch, period, initiator, detector, (snapshot, report) -> onReport.accept(report));
    }

    /**
     * As {@link #every(Cutwatch, Duration, String, DeadlockDetector, Consumer)}, handing each report
     * over with the snapshot it was computed on (to ask that snapshot further questions, such as
     * {@link DeadlockDetector#waitChain}).
     */
    public static SimulatedDeadlockJob every(Cutwatch cutwatch, Duration period, String initiator,
                                             DeadlockDetector<?> detector,
                                             BiConsumer<GlobalSnapshot<Object>, DeadlockReport> onReport) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("detection period must be positive, got " + period);
        }
        cutwatch.topology().requireProcess(initiator, "deadlock job initiator");
        SimulatedDeadlockJob job = new SimulatedDeadlockJob(cutwatch, initiator, period,
                Objects.requireNonNull(detector, "detector"), Objects.requireNonNull(onReport, "onReport"));
        job.scheduleNext();
        return job;
    }

    private void scheduleNext() {
        sim.schedule(period, () -> {
            if (stopped) {
                return;
            }
            cutwatch.snapshots().<Object>initiate(initiator).whenComplete((GlobalSnapshot<Object> s, Throwable err) -> {
                if (err != null) {
                    failedSnapshots++;
                    return;
                }
                DeadlockReport r;
                try {
                    r = detector.detect(s);
                } catch (RuntimeException e) {
                    failures.add(e);
                    LOG.warn("deadlock detection on snapshot {} failed: {}", s.id(), e.toString());
                    return;
                }
                reports.add(r);
                onReport.accept(s, r);
            });
            scheduleNext();
        });
    }

    /** No snapshot is started after this; one in flight still reports. */
    public void stop() {
        stopped = true;
    }

    /** The reports so far, in completion order. */
    public List<DeadlockReport> reports() {
        return List.copyOf(reports);
    }

    public long failedSnapshots() {
        return failedSnapshots;
    }

    /** Detections that threw (e.g. a {@link io.cutwatch.deadlock.WaitForAdapterException}), in order. */
    public List<RuntimeException> failures() {
        return List.copyOf(failures);
    }
}
