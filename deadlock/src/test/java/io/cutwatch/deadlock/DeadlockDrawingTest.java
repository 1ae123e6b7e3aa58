package io.cutwatch.deadlock;

import io.cutwatch.detect.ResultGraph;
import io.cutwatch.model.ChannelId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a report offers to be drawn: only the deadlocked part, the cycle, the victim, in-transit changes. */
class DeadlockDrawingTest {
    @Test
    void theDrawingShowsTheDeadlockedSetWithItsCycleVictimAndInTransitChanges() {
        WaitForEdge ab = WaitForEdge.of("a", "b", "r1");
        WaitForEdge bc = WaitForEdge.of("b", "c", "r2");
        WaitForEdge ca = WaitForEdge.of("c", "a", "r3");
        WaitForEdge xy = WaitForEdge.of("x", "y", "r9");
        WaitForGraph g = WaitForGraph.of(List.of(ab, bc, ca, xy));
        List<Deadlock> deadlocks = DeadlockFinder.find(g, WaitModel.AND, VictimPolicy.highestId());
        ChannelId ch = new ChannelId("p0", "p1");
        List<InTransitWait> inTransit = List.of(
                new InTransitWait(ch, 0, "request", new InTransitEffect(List.of(ca), List.of())),
                new InTransitWait(ch, 1, "grant", new InTransitEffect(List.of(), List.of(WaitEnd.exactly("a", "c", "r4")))));
        DeadlockReport report = new DeadlockReport(9, WaitModel.AND, deadlocks, inTransit, g, Map.of());

        ResultGraph d = report.drawing().orElseThrow();
        assertEquals(Set.of("a", "b", "c"), d.nodes().stream().map(ResultGraph.Node::id).collect(Collectors.toSet()),
                "x -> y waits, but is not deadlocked: not drawn");
        assertEquals(List.of("c"), d.nodes().stream().filter(n -> n.badge().equals("victim")).map(ResultGraph.Node::id)
                .toList());
        Map<String, ResultGraph.Edge> byLabel = d.edges().stream()
                .collect(Collectors.toMap(ResultGraph.Edge::label, e -> e));
        assertEquals(Set.of("r1", "r2", "r3", "r4"), byLabel.keySet());
        assertEquals(ResultGraph.Change.ADDED_IN_TRANSIT, byLabel.get("r3").change());
        assertEquals(true, byLabel.get("r3").highlighted());
        assertEquals(ResultGraph.Change.NONE, byLabel.get("r1").change());
        assertEquals(ResultGraph.Change.ENDED_IN_TRANSIT, byLabel.get("r4").change());
        assertEquals(false, byLabel.get("r4").highlighted());
    }
}
