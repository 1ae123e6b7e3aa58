package io.cutwatch.deadlock.baseline;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForAdapterException;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.deadlock.lockservice.LockNode;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockServiceAdapter;
import io.cutwatch.deadlock.lockservice.LockTableView;
import io.cutwatch.deadlock.lockservice.TxStep;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public polling baseline's own contract; its phantoms are shown in PhantomDeadlockTest. */
class NaivePollingDetectorTest {
    final Topology topology = Topology.complete("p0", "p1");
    final Simulation sim = new Simulation(3);
    final Cutwatch cw = Cutwatch.simulated(topology, sim);

    LockService start() {
        return LockService.start(cw, Map.of("a", "p0", "b", "p1"), LockService.Options.defaults());
    }

    @Test
    void aRealDeadlockIsReportedWithTheWaitsReadProcessByProcess() {
        LockService s = start();
        Duration w = Duration.ofMillis(10);
        s.begin("p0", List.of(TxStep.acquire("a"), TxStep.work(w), TxStep.acquire("b")));
        s.begin("p1", List.of(TxStep.acquire("b"), TxStep.work(w), TxStep.acquire("a")));
        sim.runUntilQuiet();
        NaivePollingDetector<LockNode, LockTableView> poller =
                new NaivePollingDetector<>(cw, new LockServiceAdapter(), LockNode::view);
        long before = sim.nowMicros();
        NaivePollingDetector.Result r = sim.await(poller.poll(Duration.ofMillis(3)));
        assertTrue(sim.nowMicros() - before >= 3_000, "the second process is read one gap after the first");
        assertEquals(WaitModel.AND, r.model());
        assertEquals(List.of(new WaitForEdge("t2", "t1", "a"), new WaitForEdge("t1", "t2", "b")), r.waits(),
                "p0's lock table first, then p1's");
        assertTrue(r.found());
        assertEquals("t1 -[b]-> t2 -[a]-> t1", r.deadlocks().get(0).cycleText());
        assertEquals("t2", r.deadlocks().get(0).victim());
        assertTrue(r.summary().startsWith("poll: 1 deadlock (AND model)"), r.summary());
    }

    @Test
    void nothingToFindIsAnEmptyResult() {
        start();
        NaivePollingDetector.Result r = sim.await(
                new NaivePollingDetector<LockNode, LockTableView>(cw, new LockServiceAdapter(), LockNode::view)
                        .poll(Duration.ZERO));
        assertFalse(r.found());
        assertEquals(List.of(), r.waits());
        assertEquals("poll: no deadlock (AND model, 0 waits)", r.summary());
    }

    @Test
    void anAdapterThatThrowsOrReturnsNullFailsThePollNamingTheProcess() {
        start();
        WaitForAdapter<LockTableView> throwing = adapter(p -> {
            if (p.equals("p1")) {
                throw new IllegalStateException("boom");
            }
            return Set.of();
        });
        CompletableFuture<NaivePollingDetector.Result> f =
                new NaivePollingDetector<LockNode, LockTableView>(cw, throwing, LockNode::view).poll(Duration.ZERO);
        sim.runUntilQuiet();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(WaitForAdapterException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("process p1") && e.getCause().getMessage().contains("boom"),
                e.getCause().getMessage());

        CompletableFuture<NaivePollingDetector.Result> g = new NaivePollingDetector<LockNode, LockTableView>(cw,
                adapter(p -> null), LockNode::view).poll(Duration.ZERO);
        sim.runUntilQuiet();
        e = assertThrows(CompletionException.class, g::join);
        assertTrue(e.getCause().getMessage().contains("returned null waits for process p0"), e.getCause().getMessage());
    }

    @Test
    void badArgumentsAndProcessesNotRunningHereAreRefused() {
        LockService.start(cw, Map.of("a", "p0", "b", "p1"), LockService.Options.defaults(), List.of("p0"));
        NaivePollingDetector<LockNode, LockTableView> poller =
                new NaivePollingDetector<>(cw, new LockServiceAdapter(), LockNode::view);
        assertThrows(IllegalArgumentException.class, () -> poller.poll(Duration.ofMillis(-1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> poller.poll(Duration.ZERO));
        assertTrue(e.getMessage().contains("p1"), e.getMessage());
    }

    private static WaitForAdapter<LockTableView> adapter(java.util.function.Function<String, Collection<WaitForEdge>> waits) {
        return new WaitForAdapter<>() {
            @Override
            public Class<LockTableView> stateType() {
                return LockTableView.class;
            }

            @Override
            public Collection<WaitForEdge> waits(String process, LockTableView state) {
                return waits.apply(process);
            }

            @Override
            public InTransitEffect inTransit(ChannelId channel, Object payload, LockTableView receiverState) {
                return InTransitEffect.none();
            }
        };
    }
}
