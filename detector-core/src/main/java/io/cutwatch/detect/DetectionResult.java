package io.cutwatch.detect;

/** What a detector found in one snapshot. Implementations are immutable values. */
public interface DetectionResult {
    /** True when the property the detector looks for holds (a deadlock, garbage, termination...). */
    boolean found();

    /** One line for logs and progress output. */
    String summary();
}
