package io.cutwatch.deadlock.replicas;

import io.cutwatch.Cutwatch;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OR-model sample on the simulator: a knot when every replica asked is blocked, none when one is free. */
class ReplicaKnotTest {
    static final Topology FOUR = Topology.complete("a", "b", "c", "d");
    static final DeadlockDetector<ReplicaView> OR = new DeadlockDetector<>(new ReplicaAdapter());

    /** The same graph read as AND waits: what a detector without the OR model would say. */
    static final DeadlockDetector<ReplicaView> AS_AND = new DeadlockDetector<>(new WaitForAdapter<>() {
        final ReplicaAdapter or = new ReplicaAdapter();

        @Override
        public Class<ReplicaView> stateType() {
            return ReplicaView.class;
        }

        @Override
        public WaitModel model() {
            return WaitModel.AND;
        }

        @Override
        public Collection<WaitForEdge> waits(String process, ReplicaView state) {
            return or.waits(process, state);
        }

        @Override
        public InTransitEffect inTransit(ChannelId channel, Object payload, ReplicaView receiverState) {
            return or.inTransit(channel, payload, receiverState);
        }
    });

    @Test
    void everyReplicaBlockedIsAKnotAndAProcessWaitingOnItIsBlockedButNotAMember() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = Cutwatch.simulated(FOUR, sim);
            ReplicaService rs = ReplicaService.start(cw, Duration.ZERO);
            rs.ask("a", List.of("b", "c"));
            rs.ask("b", List.of("a", "c"));
            rs.ask("c", List.of("a", "b"));
            rs.ask("d", List.of("a"));
            sim.runUntilQuiet();
            for (String p : FOUR.processes()) {
                assertTrue(rs.peek(p).blocked(), p + " is blocked for good (seed " + seed + ")");
            }
            DeadlockReport r = OR.detect(sim.await(cw.snapshots().<ReplicaView>initiate(FOUR.process((int) seed % 4))));
            assertEquals(WaitModel.OR, r.model());
            assertEquals(1, r.deadlocks().size(), r.describe());
            assertEquals(List.of("a", "b", "c"), r.deadlocks().get(0).members(),
                    "d waits on the knot but has no edge into it from it: blocked, not deadlocked itself");
        }
    }

    @Test
    void oneFreeReplicaMeansNoKnotEvenWhileTheOthersWaitInACycle() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = Cutwatch.simulated(FOUR, sim);
            // d is free but slow: its answer to a leaves 50 ms after the query arrives
            ReplicaService rs = ReplicaService.start(cw, Duration.ofMillis(50));
            rs.ask("a", List.of("b", "d"));
            rs.ask("b", List.of("a", "c"));
            rs.ask("c", List.of("a", "b"));
            sim.runFor(Duration.ofMillis(20));
            var snapshot = sim.await(cw.snapshots().<ReplicaView>initiate("b"));
            assertTrue(snapshot.state("a").blocked(), "a still waits at the cut");
            DeadlockReport or = OR.detect(snapshot);
            assertFalse(or.found(), "a can be answered by d, then a answers b and c: " + or.describe());
            assertTrue(AS_AND.detect(snapshot).found(),
                    "read as AND waits the cycle a -> b -> a would be a (phantom) deadlock (seed " + seed + ")");

            sim.runUntilQuiet();
            for (String p : FOUR.processes()) {
                assertNull(rs.peek(p).query(), p + " is free in the end (seed " + seed + ")");
            }
            assertEquals(1, rs.peek("b").answered());
            assertFalse(OR.detect(sim.await(cw.snapshots().<ReplicaView>initiate("a"))).found());
        }
    }

    @Test
    void badAsksAreRefused() {
        Cutwatch cw = Cutwatch.simulated(FOUR, new Simulation(1));
        ReplicaService rs = ReplicaService.start(cw, Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> rs.ask("a", List.of()));
        assertThrows(IllegalArgumentException.class, () -> rs.ask("a", List.of("a", "b")));
        assertThrows(UnknownProcessException.class, () -> rs.ask("a", List.of("zz")));
    }
}
