package io.cutwatch.sim;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotProgress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stalled snapshot is explained while it is in flight, naming the channel, long before its timeout. */
class SnapshotProgressTest {
    @Test
    void aHeldBackMarkerIsNamedBeforeTheTimeoutAndTheSnapshotCompletesOnceItArrives() {
        Topology t = Topology.complete("a", "b", "c");
        Simulation sim = new Simulation(8);
        Cutwatch cw = Cutwatch.simulated(t, sim);
        for (String id : t.processes()) {
            cw.process(id, new long[1]).capture(long[]::clone).onMessage((s, from, p, ctx) -> s[0]++).start();
        }
        boolean[] hold = {true};
        List<io.cutwatch.channel.Envelope> held = new java.util.ArrayList<>();
        sim.intercept(e -> {
            if (hold[0] && e.isMarker() && e.channel().equals(ChannelId.of("b", "c"))) {
                held.add(e);
                return List.of();
            }
            return List.of(e);
        });
        CompletableFuture<GlobalSnapshot<Object>> f = cw.snapshots().initiate("a", Duration.ofSeconds(30));
        sim.runFor(Duration.ofSeconds(1));
        assertFalse(f.isDone());
        long id = cw.snapshots().inFlight().iterator().next();
        SnapshotProgress p = cw.snapshots().progress(id).orElseThrow();
        assertEquals(Set.of("a", "b"), p.recorded());
        assertEquals(Set.of("c"), p.missing());
        assertEquals(Map.of("c", Set.of(ChannelId.of("b", "c"))), p.awaitingMarkers());
        assertTrue(p.describe().contains("c awaits markers on [b->c]"), p.describe());
        assertEquals(1, held.size(), "the marker on b->c was held back");

        hold[0] = false;
        held.forEach(e -> sim.inject(e, Duration.ZERO));
        GlobalSnapshot<Object> s = sim.await(f);
        assertEquals(id, s.id());
        assertEquals(Optional.empty(), cw.snapshots().progress(id), "no progress once completed");
    }
}
