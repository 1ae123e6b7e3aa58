package io.cutwatch.deadlock.demo;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForAdapterException;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedDeadlockJobTest {
    /** An adapter for another application's state. */
    static final class WrongAdapter implements WaitForAdapter<Integer> {
        @Override
        public Class<Integer> stateType() {
            return Integer.class;
        }

        @Override
        public Collection<WaitForEdge> waits(String process, Integer state) {
            return List.of();
        }

        @Override
        public InTransitEffect inTransit(ChannelId channel, Object payload, Integer receiverState) {
            return InTransitEffect.none();
        }
    }

    @Test
    void aDetectionThatThrowsIsKeptAndTheJobGoesOn() {
        Simulation sim = new Simulation(5);
        Cutwatch cw = Cutwatch.simulated(Topology.complete("p0", "p1"), sim);
        LockService.start(cw, LockService.resources(cw.topology(), 1), LockService.Options.defaults());
        SimulatedDeadlockJob job = SimulatedDeadlockJob.every(cw, Duration.ofMillis(10), "p1",
                new DeadlockDetector<>(new WrongAdapter()), r -> { });
        sim.runFor(Duration.ofMillis(55));
        job.stop(); // snapshots started at 10..50 ms still complete; none starts after
        sim.runUntilQuiet();
        assertEquals(5, job.failures().size(), "one failed detection per period");
        assertInstanceOf(WaitForAdapterException.class, job.failures().get(0));
        assertTrue(job.failures().get(0).getMessage().contains("process p0 recorded a "
                + "io.cutwatch.deadlock.lockservice.LockTableView but the adapter"), job.failures().get(0).getMessage());
        assertEquals(List.of(), job.reports());
    }

    @Test
    void aPeriodMustBePositiveAndTheInitiatorKnown() {
        Cutwatch cw = Cutwatch.simulated(Topology.complete("p0", "p1"), 1);
        DeadlockDetector<Integer> d = new DeadlockDetector<>(new WrongAdapter());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatedDeadlockJob.every(cw, Duration.ZERO, "p0", d, r -> { }));
        assertEquals("detection period must be positive, got PT0S", e.getMessage());
        assertThrows(io.cutwatch.model.UnknownProcessException.class,
                () -> SimulatedDeadlockJob.every(cw, Duration.ofMillis(1), "nope", d, r -> { }));
    }
}
