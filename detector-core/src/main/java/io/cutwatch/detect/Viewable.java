package io.cutwatch.detect;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link DetectionResult} offers to be shown rather than read: a drawing of what it found
 * and named figures to chart snapshot after snapshot. Viewers (the dashboard) test a result for
 * this interface and draw it; results that do not implement it are shown by their summary and
 * their JSON. Both methods are cheap and side-effect free; their defaults offer nothing.
 */
public interface Viewable {
    /** The part of the snapshot a person should see drawn (a deadlocked set, distributed cycles), if any. */
    default Optional<ResultGraph> drawing() {
        return Optional.empty();
    }

    /**
     * Named figures of this result, in display order (e.g. {@code total} and {@code expected}
     * for a conservation check, garbage per process): one point per snapshot on a chart.
     */
    default Map<String, Double> measures() {
        return Map.of();
    }
}
