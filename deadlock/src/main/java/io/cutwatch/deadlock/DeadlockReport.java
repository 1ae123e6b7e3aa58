package io.cutwatch.deadlock;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.ResultGraph;
import io.cutwatch.detect.Viewable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the deadlock detector found in one consistent snapshot. Because the snapshot is a
 * consistent cut and a deadlock is stable, every deadlock listed here exists when the report is
 * made, and every deadlock that existed when the snapshot started is listed.
 *
 * @param snapshotId the snapshot analysed
 * @param model      the wait model the deadlocks were judged under
 * @param deadlocks  every deadlocked set, one cycle and one victim each, ordered by first member
 * @param inTransit  the messages recorded in transit that changed the graph (taken into account)
 * @param graph      the wait-for graph analysed (recorded states plus in-transit effects)
 * @param frontier   the certificate: each process's vector clock where it recorded, i.e. the cut
 *                   the report was computed on. With a trace recorded by the causality tools, the
 *                   first {@code frontier.get(p).get(index of p)} events of each process p form a
 *                   consistent cut of that trace, which a user can check offline.
 */
public record DeadlockReport(long snapshotId, WaitModel model, List<Deadlock> deadlocks,
                             List<InTransitWait> inTransit, WaitForGraph graph, Map<String, VectorClock> frontier)
        implements DetectionResult, Viewable {
    public DeadlockReport {
        Objects.requireNonNull(model, "model");
        deadlocks = List.copyOf(deadlocks);
        inTransit = List.copyOf(inTransit);
        Objects.requireNonNull(graph, "graph");
        frontier = Map.copyOf(frontier);
    }

    @Override
    public boolean found() {
        return !deadlocks.isEmpty();
    }

    @Override
    public String summary() {
        if (deadlocks.isEmpty()) {
            return "snapshot " + snapshotId + ": no deadlock (" + model + " model, " + graph.vertexCount()
                    + " vertices, " + graph.edgeCount() + " waits, " + inTransit.size() + " in-transit messages applied)";
        }
        StringBuilder b = new StringBuilder("snapshot " + snapshotId + ": " + deadlocks.size() + " deadlock"
                + (deadlocks.size() == 1 ? "" : "s") + " (" + model + " model)");
        for (Deadlock d : deadlocks) {
            b.append("; ").append(d);
        }
        return b.toString();
    }

    /** The deadlocked part drawn: members, waits, the cycle highlighted, victims badged, in-transit changes marked. */
    @Override
    public Optional<ResultGraph> drawing() {
        return Optional.of(DeadlockDrawing.of(this));
    }

    /** The suggested victims, one per deadlock, in report order. */
    public List<String> victims() {
        List<String> out = new ArrayList<>(deadlocks.size());
        for (Deadlock d : deadlocks) {
            out.add(d.victim());
        }
        return out;
    }

    /** A multi-line text for people: each deadlock with its cycle, victim and the in-transit messages used. */
    public String describe() {
        StringBuilder b = new StringBuilder(summary()).append('\n');
        for (int i = 0; i < deadlocks.size(); i++) {
            Deadlock d = deadlocks.get(i);
            b.append("  deadlock ").append(i + 1).append(": members ").append(d.members()).append('\n')
                    .append("    cycle:  ").append(d.cycleText()).append('\n')
                    .append("    victim: ").append(d.victim()).append('\n');
        }
        if (!inTransit.isEmpty()) {
            b.append("  in-transit messages taken into account:\n");
            for (InTransitWait w : inTransit) {
                b.append("    ").append(w).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * The whole wait-for graph as Graphviz DOT, cycles in red, victims filled. O(E) objects: for
     * graphs of millions of waits use {@link #deadlockedDot()}.
     */
    public String toDot() {
        return WaitForDot.export(graph.edges(), deadlocks);
    }

    /** Only the deadlocked sets (their members and the waits between them) as DOT. */
    public String deadlockedDot() {
        List<WaitForEdge> waits = new ArrayList<>();
        for (Deadlock d : deadlocks) {
            waits.addAll(d.waits());
        }
        return WaitForDot.export(waits, deadlocks);
    }
}
