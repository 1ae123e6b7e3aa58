package io.cutwatch.gc;

import io.cutwatch.detect.ResultGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Garbage reports as neutral {@link ResultGraph}s and measures: the members of every distributed
 * cycle, grouped by the process hosting them and highlighted, with the cross-process references
 * that close each cycle as edges when {@link CycleExplanation}s are given (a report alone does
 * not keep the references); and the garbage per process as figures. O(cycle members + closing
 * references). Stateless.
 */
final class GarbageDrawing {
    private GarbageDrawing() {
    }

    static ResultGraph of(GarbageReport report, List<CycleExplanation> explanations) {
        Map<String, ResultGraph.Node> nodes = new LinkedHashMap<>();
        for (GarbageCycle c : report.distributedCycles()) {
            for (ObjectRef o : c.members()) {
                nodes.putIfAbsent(o.toString(), new ResultGraph.Node(o.toString(), o.process(), true, ""));
            }
        }
        List<ResultGraph.Edge> edges = new ArrayList<>();
        for (CycleExplanation x : explanations) {
            for (CycleReference r : x.closing()) {
                if (nodes.containsKey(r.from().toString()) && nodes.containsKey(r.to().toString())) {
                    edges.add(new ResultGraph.Edge(r.from().toString(), r.to().toString(), "", true,
                            ResultGraph.Change.NONE));
                }
            }
        }
        String caption = "snapshot " + report.snapshotId() + ": " + report.distributedCycles().size()
                + " distributed cycle" + (report.distributedCycles().size() == 1 ? "" : "s") + " retaining "
                + report.retainedByCycles() + (explanations.isEmpty() ? " (members by process)"
                : " (members by process, cross-process references that close them)");
        return new ResultGraph(caption, List.copyOf(nodes.values()), edges);
    }

    /** Garbage per process (every process of the report, in report order), then what the cycles retain. */
    static Map<String, Double> measures(GarbageReport report) {
        Map<String, Double> out = new LinkedHashMap<>();
        report.garbage().forEach((p, ids) -> out.put("garbage at " + p, (double) ids.size()));
        out.put("retained by distributed cycles", (double) report.retainedByCycles());
        return out;
    }
}
