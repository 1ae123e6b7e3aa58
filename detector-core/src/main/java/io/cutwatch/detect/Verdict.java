package io.cutwatch.detect;

/** The outcome of one detector on one snapshot. */
public enum Verdict {
    /** The detector ran and the stable property holds (a deadlock, garbage, termination...). */
    FOUND,
    /** The detector ran and the property does not hold in this snapshot. */
    CLEAN,
    /** The detector threw or returned nothing; the report carries the failure instead of a result. */
    FAILED;

    /** FOUND or CLEAN, from {@link DetectionResult#found()}. */
    public static Verdict of(DetectionResult result) {
        return result.found() ? FOUND : CLEAN;
    }
}
