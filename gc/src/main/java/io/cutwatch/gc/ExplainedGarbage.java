package io.cutwatch.gc;

import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.ResultGraph;
import io.cutwatch.detect.Viewable;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link GarbageReport} with the {@link CycleExplanation}s of the same snapshot
 * ({@link GarbageDetector#explainCycles}), so that a viewer draws each distributed cycle with the
 * cross-process references that close it. Found, summary and measures are the report's.
 *
 * @param report the garbage report
 * @param cycles the explanations of its distributed cycles, from the same snapshot
 */
public record ExplainedGarbage(GarbageReport report, List<CycleExplanation> cycles)
        implements DetectionResult, Viewable {
    public ExplainedGarbage {
        Objects.requireNonNull(report, "report");
        cycles = List.copyOf(cycles);
    }

    @Override
    public boolean found() {
        return report.found();
    }

    @Override
    public String summary() {
        return report.summary();
    }

    @Override
    public Optional<ResultGraph> drawing() {
        return Optional.of(GarbageDrawing.of(report, cycles));
    }

    @Override
    public Map<String, Double> measures() {
        return GarbageDrawing.measures(report);
    }
}
