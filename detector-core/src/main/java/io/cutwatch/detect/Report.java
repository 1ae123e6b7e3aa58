package io.cutwatch.detect;

import java.time.Duration;
import java.util.Objects;

/**
 * What one detector concluded about one snapshot: the snapshot id, the detector's name, the
 * verdict, the detector's result (FOUND/CLEAN) or its failure (FAILED), and the time the detector
 * took. Immutable; serialises with {@link ReportJson}.
 *
 * @param job        the detection job that produced it, or {@link #AD_HOC} for a direct
 *                   {@link DetectorRunner} call
 * @param snapshotId the id of the {@link io.cutwatch.snapshot.GlobalSnapshot} examined
 * @param detector   {@link Detector#name()}
 * @param verdict    FOUND or CLEAN when {@code result} is present, FAILED when {@code failure} is
 * @param result     the detector's result; null exactly when the verdict is FAILED
 * @param failure    why the detector failed; null unless the verdict is FAILED
 * @param took       wall-clock time spent inside {@link Detector#detect} (never negative)
 */
public record Report(String job, long snapshotId, String detector, Verdict verdict, DetectionResult result,
                     Failure failure, Duration took) {
    /** The job name of reports produced outside a detection job. */
    public static final String AD_HOC = "ad-hoc";

    /**
     * Why a detector produced no result.
     *
     * @param type    the simple class name of what it threw (or a short tag such as "NullResult")
     * @param message the exception message, or a sentence saying what went wrong
     */
    public record Failure(String type, String message) {
        public Failure {
            Objects.requireNonNull(type, "type");
            message = message == null ? "" : message;
        }

        /** The failure describing {@code t}. */
        public static Failure of(Throwable t) {
            return new Failure(t.getClass().getSimpleName(), t.getMessage());
        }
    }

    public Report {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(took, "took");
        if (took.isNegative()) {
            throw new IllegalArgumentException("report of " + detector + " on snapshot " + snapshotId
                    + ": negative time taken " + took);
        }
        if (verdict == Verdict.FAILED) {
            if (failure == null || result != null) {
                throw new IllegalArgumentException("report of " + detector + " on snapshot " + snapshotId
                        + ": a FAILED report needs a failure and no result");
            }
        } else {
            if (result == null || failure != null) {
                throw new IllegalArgumentException("report of " + detector + " on snapshot " + snapshotId
                        + ": a " + verdict + " report needs a result and no failure");
            }
            if (Verdict.of(result) != verdict) {
                throw new IllegalArgumentException("report of " + detector + " on snapshot " + snapshotId
                        + ": verdict " + verdict + " contradicts result.found()=" + result.found());
            }
        }
    }

    /** A FOUND or CLEAN report for {@code result}. */
    public static Report of(String job, long snapshotId, String detector, DetectionResult result, Duration took) {
        Objects.requireNonNull(result, "result");
        return new Report(job, snapshotId, detector, Verdict.of(result), result, null, took);
    }

    /** A FAILED report. */
    public static Report failed(String job, long snapshotId, String detector, Failure failure, Duration took) {
        return new Report(job, snapshotId, detector, Verdict.FAILED, null, failure, took);
    }

    /** The result's summary, or the failure for a FAILED report. */
    public String summary() {
        return verdict == Verdict.FAILED ? failure.type() + ": " + failure.message() : result.summary();
    }

    @Override
    public String toString() {
        return "Report{" + job + ", snapshot " + snapshotId + ", " + detector + " " + verdict + ": " + summary()
                + ", took " + took + "}";
    }
}
