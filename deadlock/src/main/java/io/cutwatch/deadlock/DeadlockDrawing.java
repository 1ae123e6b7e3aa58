package io.cutwatch.deadlock;

import io.cutwatch.detect.ResultGraph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deadlocked part of a {@link DeadlockReport} as a neutral {@link ResultGraph}: the members of
 * every deadlocked set and the waits between them, the cycle's waits highlighted, each victim
 * badged, waits added by a message recorded in transit marked {@code ADDED_IN_TRANSIT}, and waits
 * that a message in transit ended (a grant or release on its way, named exactly by waiter and
 * holder) between two drawn members drawn as {@code ENDED_IN_TRANSIT}. O(waits of the deadlocked
 * sets + in-transit effects). Stateless.
 */
final class DeadlockDrawing {
    private DeadlockDrawing() {
    }

    static ResultGraph of(DeadlockReport report) {
        Map<String, ResultGraph.Node> nodes = new LinkedHashMap<>();
        Set<String> victims = new HashSet<>(report.victims());
        Set<WaitForEdge> cycle = new HashSet<>();
        Set<WaitForEdge> waits = new LinkedHashSet<>();
        for (Deadlock d : report.deadlocks()) {
            cycle.addAll(d.cycle());
            waits.addAll(d.waits());
            waits.addAll(d.cycle());
            Set<String> onCycle = new HashSet<>(d.cycleVertices());
            for (String m : d.members()) {
                nodes.putIfAbsent(m, new ResultGraph.Node(m, "", onCycle.contains(m), victims.contains(m) ? "victim" : ""));
            }
        }
        Set<WaitForEdge> added = new HashSet<>();
        List<ResultGraph.Edge> ended = new ArrayList<>();
        for (InTransitWait w : report.inTransit()) {
            added.addAll(w.effect().adds());
            for (WaitEnd end : w.effect().ends()) {
                if (end.waiter() != null && end.holder() != null && nodes.containsKey(end.waiter())
                        && nodes.containsKey(end.holder())) {
                    ended.add(new ResultGraph.Edge(end.waiter(), end.holder(), end.resource(), false,
                            ResultGraph.Change.ENDED_IN_TRANSIT));
                }
            }
        }
        List<ResultGraph.Edge> edges = new ArrayList<>();
        for (WaitForEdge e : waits) {
            edges.add(new ResultGraph.Edge(e.waiter(), e.holder(), e.resource(), cycle.contains(e),
                    added.contains(e) ? ResultGraph.Change.ADDED_IN_TRANSIT : ResultGraph.Change.NONE));
        }
        edges.addAll(ended);
        String caption = report.deadlocks().isEmpty()
                ? "snapshot " + report.snapshotId() + ": no deadlock"
                : "snapshot " + report.snapshotId() + ": " + report.deadlocks().size() + " deadlocked set"
                + (report.deadlocks().size() == 1 ? "" : "s") + " (" + report.model() + " model)";
        return new ResultGraph(caption, List.copyOf(nodes.values()), edges);
    }
}
