package io.cutwatch.sim;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Large topologies complete in the simulator, with exactly one marker per channel, verified against the run. */
class ScaleTest {
    static final long TOKENS = 1_000;

    private static void snapshotIsExact(Topology t, long seed) {
        Simulation sim = new Simulation(seed);
        ExecutionLog log = new ExecutionLog(t);
        Cutwatch cw = Cutwatch.simulated(t, sim).onEvent(log);
        TokenApp.start(cw, TOKENS, 3, Duration.ofMillis(2));
        sim.runFor(Duration.ofMillis(1));
        GlobalSnapshot<TokenApp.TokenState> s = sim.await(cw.snapshots().initiate(t.process(0), Duration.ofMinutes(10)));
        assertEquals(t.channels().size(), sim.markersSent(s.id()));
        assertEquals(List.of(), log.verify(s, (p, events) -> TokenApp.replay(TOKENS, events)), "seed " + seed);
        long total = s.states().values().stream().mapToLong(TokenApp.TokenState::tokens).sum()
                + s.channels().values().stream().flatMap(List::stream)
                .mapToLong(m -> ((TokenApp.Transfer) m).amount()).sum();
        assertEquals(TOKENS * t.size(), total);
    }

    @Test
    void completeGraphOf200Processes() {
        Topology t = Topology.complete(Topology.ids("p", 200));
        assertEquals(39_800, t.channels().size());
        snapshotIsExact(t, 200);
    }

    @Test
    void ringOf1000Processes() {
        snapshotIsExact(Topology.ring(Topology.ids("p", 1000)), 1000);
    }
}
