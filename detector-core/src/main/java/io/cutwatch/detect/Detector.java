package io.cutwatch.detect;

import io.cutwatch.snapshot.GlobalSnapshot;

/**
 * A plug-in that evaluates a stable property on a consistent global snapshot.
 *
 * <p>Because the snapshot is a consistent cut, a stable property (once true, always true) found
 * here holds now, and one that held when the snapshot started is found. Detectors read
 * application state through adapter interfaces the application implements for its own state
 * type. {@link #detect} must not mutate the snapshot; it may run on any thread and may throw
 * (the runner turns that into a failed report without stopping other detectors).
 *
 * @param <R> the result type
 */
public interface Detector<R extends DetectionResult> {
    /** A stable, unique name (used in reports, metrics and service discovery). */
    String name();

    R detect(GlobalSnapshot<?> snapshot);
}
