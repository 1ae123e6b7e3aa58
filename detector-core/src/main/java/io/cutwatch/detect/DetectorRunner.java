package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;
import io.vavr.control.Try;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs detectors on one snapshot, one after the other on the calling thread, and turns each
 * outcome into a {@link Report}. A detector that throws (any exception, and also
 * {@link StackOverflowError} or {@link LinkageError}, which a plug-in can cause without the JVM
 * being in trouble) or returns null gets a FAILED report; the detectors after it still run.
 * Only errors that leave the JVM unusable (out of memory, internal errors) and interruption
 * propagate.
 *
 * <p>Stateless and thread-safe. Cost: the sum of the detectors' costs.
 */
public final class DetectorRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorRunner.class);

    private DetectorRunner() {
    }

    /** One report per detector, in the order given, with job name {@link Report#AD_HOC}. */
    public static List<Report> run(GlobalSnapshot<?> snapshot, List<? extends Detector<?>> detectors) {
        return run(Report.AD_HOC, snapshot, detectors);
    }

    /** One report per detector, in the order given. */
    public static List<Report> run(String job, GlobalSnapshot<?> snapshot, List<? extends Detector<?>> detectors) {
        Objects.requireNonNull(snapshot, "snapshot");
        List<Report> out = new ArrayList<>(detectors.size());
        for (Detector<?> d : detectors) {
            out.add(runOne(job, snapshot, d));
        }
        return out;
    }

    /** The report of one detector on one snapshot. */
    public static Report runOne(String job, GlobalSnapshot<?> snapshot, Detector<?> detector) {
        String name = DetectorRegistry.requireValidName(detector);
        long t0 = System.nanoTime();
        Try<DetectionResult> outcome;
        try {
            outcome = Try.of(() -> detector.detect(snapshot));
        } catch (StackOverflowError | LinkageError e) {
            // vavr rethrows these as fatal (and will not hold them in a Try); for a plug-in they are
            // ordinary bugs (deep recursion, a missing dependency), so they become a FAILED report.
            return failed(job, snapshot, name, e, t0);
        }
        Duration took = since(t0);
        return outcome.fold(
                failure -> failed(job, snapshot, name, failure, t0),
                result -> result == null
                        ? Report.failed(job, snapshot.id(), name, new Report.Failure("NullResult",
                        "detector " + name + " returned null instead of a DetectionResult"), took)
                        : Report.of(job, snapshot.id(), name, result, took));
    }

    private static Report failed(String job, GlobalSnapshot<?> snapshot, String name, Throwable failure, long t0) {
        Duration took = since(t0);
        LOG.warn("detector {} failed on snapshot {} (job {}): {}", name, snapshot.id(), job, failure.toString());
        LOG.debug("detector {} failure on snapshot {}", name, snapshot.id(), failure);
        return Report.failed(job, snapshot.id(), name, Report.Failure.of(failure), took);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - t0));
    }
}
