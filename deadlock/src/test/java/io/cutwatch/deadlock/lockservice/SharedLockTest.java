package io.cutwatch.deadlock.lockservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutwatch.Cutwatch;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitChain;
import io.cutwatch.deadlock.WaitEnd;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitKind;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared locks under a strict FIFO queue, and the deadlock that exists only through a wait on a
 * request queued ahead: found with {@link LockServiceAdapter.Waits#HOLDERS_AND_QUEUED_AHEAD},
 * invisible with the default holder-only waits, resolved by aborting the victim.
 */
class SharedLockTest {
    static final Topology TOPOLOGY = Topology.complete("p0", "p1", "p2");
    static final Map<String, String> OWNERS = Map.of("a", "p0", "b", "p1");
    static final Duration MS = Duration.ofMillis(1);

    static List<TxStep> plan(TxStep... steps) {
        return List.of(steps);
    }

    @Test
    void sharedHoldersShareAndASharedRequestBehindAQueuedExclusiveOneWaits() {
        Simulation sim = new Simulation(5);
        Cutwatch cw = Cutwatch.simulated(TOPOLOGY, sim);
        LockService s = LockService.start(cw, OWNERS, LockService.Options.defaults());
        s.begin("p0", plan(TxStep.acquireShared("a"), TxStep.work(MS.multipliedBy(30))));
        s.begin("p1", plan(TxStep.acquireShared("a"), TxStep.work(MS.multipliedBy(30))));
        sim.schedule(MS.multipliedBy(10), () -> s.begin("p2", plan(TxStep.acquire("a"), TxStep.work(MS))));
        sim.schedule(MS.multipliedBy(20), () -> s.begin("p1", plan(TxStep.acquireShared("a"), TxStep.work(MS))));
        sim.runFor(MS.multipliedBy(28));
        LockTableView.Lock a = s.peek("p0").lock("a");
        assertEquals(List.of("t1", "t2"), a.holders().stream().map(LockTableView.Holder::tx).sorted().toList(),
                "two shared holders at once");
        assertEquals(List.of("t3", "t4"), a.queue().stream().map(LockTableView.Holder::tx).toList(),
                "t4 (shared) waits behind t3 (exclusive) although every holder is shared");
        assertEquals(List.of(LockMode.EXCLUSIVE, LockMode.SHARED), a.queue().stream().map(LockTableView.Holder::mode).toList());
        assertEquals(TxStatus.WAITING, s.status("t4").status());
        sim.runUntilQuiet();
        assertEquals(List.of(), s.unfinished());
        assertEquals(List.of(), s.peek("p0").lock("a").holders());
    }

    @Test
    void withdrawingAQueuedExclusiveRequestLetsTheSharedOnesBehindItIn() {
        Simulation sim = new Simulation(6);
        Cutwatch cw = Cutwatch.simulated(TOPOLOGY, sim);
        LockService s = LockService.start(cw, OWNERS, new LockService.Options(false, Duration.ZERO));
        s.begin("p0", plan(TxStep.acquireShared("a"), TxStep.work(MS.multipliedBy(100))));
        sim.schedule(MS.multipliedBy(10), () -> s.begin("p2", plan(TxStep.acquire("a"))));
        sim.schedule(MS.multipliedBy(20), () -> s.begin("p1", plan(TxStep.acquireShared("a"), TxStep.work(MS.multipliedBy(100)))));
        sim.runFor(MS.multipliedBy(30));
        assertEquals(TxStatus.WAITING, s.status("t3").status());
        s.abort("t2");                                    // the exclusive request ahead of t3 is withdrawn
        sim.runFor(MS.multipliedBy(20));
        assertEquals(TxStatus.RUNNING, s.status("t3").status(), "granted beside the shared holder t1");
        assertEquals(List.of("t1", "t3"), s.peek("p0").lock("a").holders().stream().map(LockTableView.Holder::tx).toList());
        assertEquals(TxStatus.ABORTED, s.status("t2").status());
    }

    @Test
    void upgradesAreRefusedAsBadPlansNamingTheStep() {
        LockService s = LockService.start(Cutwatch.simulated(TOPOLOGY, new Simulation(1)), OWNERS,
                LockService.Options.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.begin("p0", plan(TxStep.acquireShared("a"), TxStep.acquire("a"))));
        assertTrue(e.getMessage().contains("step 1 of t1 acquires 'a', which it already holds")
                && e.getMessage().contains("no lock upgrades"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new TxStep.Acquire("a", null));
    }

    /**
     * t1 holds a shared and asks b; t2 queues for a exclusive behind t1; t3 holds b and queues for
     * a shared behind t2; t4 queues for a shared behind both. The deadlock t1 -> t3 -> t2 -> t1 runs
     * through t3's wait on t2, which is queued ahead of it: t3 conflicts with no holder of a.
     */
    static LockService queuedAheadDeadlock(Simulation sim, Cutwatch cw, LockService.Options options) {
        LockService s = LockService.start(cw, OWNERS, options);
        s.begin("p0", "t1", plan(TxStep.acquireShared("a"), TxStep.work(MS.multipliedBy(40)), TxStep.acquire("b")));
        s.begin("p1", "t3", plan(TxStep.acquire("b"), TxStep.work(MS.multipliedBy(25)), TxStep.acquireShared("a")));
        sim.schedule(MS.multipliedBy(10), () -> s.begin("p2", "t2", plan(TxStep.acquire("a"))));
        sim.schedule(MS.multipliedBy(30), () -> s.begin("p2", "t4", plan(TxStep.acquireShared("a"))));
        return s;
    }

    @Test
    void aDeadlockOnlyAQueuedAheadWaitClosesIsFoundWithTheOptionAndMissedWithout() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = Cutwatch.simulated(TOPOLOGY, sim);
            LockService s = queuedAheadDeadlock(sim, cw, LockService.Options.defaults());
            sim.runFor(MS.multipliedBy(60));
            assertEquals(List.of("t1", "t2", "t3", "t4"), s.unfinished(), "seed " + seed + ": nobody can move");
            GlobalSnapshot<LockTableView> snap = sim.await(cw.snapshots().<LockTableView>initiate(TOPOLOGY.process((int) (seed % 3))));

            DeadlockDetector<LockTableView> holdersOnly = new DeadlockDetector<>(new LockServiceAdapter());
            DeadlockReport off = holdersOnly.detect(snap);
            assertEquals(List.of(), off.deadlocks(), "seed " + seed + ": holder edges alone have no cycle: " + off.summary());
            assertEquals(WaitChain.Ending.NOT_WAITING, holdersOnly.waitChain(snap, "t3").ending(),
                    "seed " + seed + ": without the option t3 seems to wait for nobody");

            DeadlockDetector<LockTableView> fifo = new DeadlockDetector<>(
                    new LockServiceAdapter(LockServiceAdapter.Waits.HOLDERS_AND_QUEUED_AHEAD));
            DeadlockReport on = fifo.detect(snap);
            assertEquals(1, on.deadlocks().size(), "seed " + seed + ": " + on.summary());
            Deadlock d = on.deadlocks().get(0);
            assertEquals(List.of("t1", "t2", "t3"), d.members(), "seed " + seed + ": t4 is blocked but no member");
            assertEquals("t1 -[b]-> t3 -[a]-> t2 -[a]-> t1", d.cycleText(), "seed " + seed);
            assertEquals("t3", d.victim());

            WaitChain t4 = fifo.waitChain(snap, "t4");
            assertEquals(WaitChain.Ending.ENTERS_DEADLOCK, t4.ending(), t4.describe());
            assertEquals(new WaitChain.Link(new WaitForEdge("t4", "t2", "a"), Optional.of("p0"), Optional.empty(),
                    WaitKind.QUEUED_AHEAD), t4.links().get(0), t4.describe());
            WaitChain t3 = fifo.waitChain(snap, "t3");
            assertEquals(List.of(WaitKind.QUEUED_AHEAD, WaitKind.HELD, WaitKind.HELD),
                    t3.links().stream().map(WaitChain.Link::kind).toList(), t3.describe());
            assertEquals("""
                    snapshot 1: t3 waits on the deadlock of [t1, t2, t3]
                      t3 waits for t2 on a (queued ahead, recorded at p0)
                      t2 waits for t1 on a (recorded at p0)
                      t1 waits for t3 on b (recorded at p1)""", t3.describe(), "seed " + seed + " (as in the guide)");
            JsonNode json = new ObjectMapper().readTree(t3.toJson());
            assertEquals("queued ahead", json.get("links").get(0).get("wait").asText());
            assertEquals("held", json.get("links").get(1).get("wait").asText());
            assertTrue(t3.toDot().contains("\"t3\" -> \"t2\" [label=\"a (queued ahead)\", arrowhead=empty];"), t3.toDot());
            assertTrue(t3.toDot().contains("\"t2\" -> \"t1\" [label=\"a\"];"), t3.toDot());

            s.abort(d.victim());
            sim.runUntilQuiet();
            assertEquals(List.of(), s.unfinished(), "seed " + seed + ": aborting " + d.victim() + " resolves it");
            assertEquals(1, s.status("t3").aborts());
            assertEquals(0, s.status("t1").aborts() + s.status("t2").aborts() + s.status("t4").aborts());
        }
    }

    @Test
    void aRequestInTransitWaitsOnTheConflictingHoldersAndEveryConflictingRequestTheOwnerQueued() {
        LockTableView owner = new LockTableView("p0", Map.of("a", new LockTableView.Lock(
                List.of(new LockTableView.Holder("t1", 1, "p0", LockMode.SHARED)),
                List.of(new LockTableView.Holder("t2", 1, "p2", LockMode.EXCLUSIVE),
                        new LockTableView.Holder("t5", 1, "p2", LockMode.SHARED)))), Map.of());
        ChannelId ch = ChannelId.of("p1", "p0");
        LockServiceAdapter fifo = new LockServiceAdapter(LockServiceAdapter.Waits.HOLDERS_AND_QUEUED_AHEAD);
        LockServiceAdapter holders = new LockServiceAdapter();

        InTransitEffect shared = fifo.inTransit(ch, new LockMessage.Request("t3", 1, "a", LockMode.SHARED), owner);
        assertEquals(List.of(new WaitForEdge("t3", "t2", "a")), shared.adds(), "the shared t1 and t5 are no obstacle");
        assertEquals(WaitKind.QUEUED_AHEAD, fifo.kind(shared.adds().get(0), owner));
        assertEquals(InTransitEffect.none(), holders.inTransit(ch, new LockMessage.Request("t3", 1, "a", LockMode.SHARED), owner));

        InTransitEffect exclusive = fifo.inTransit(ch, new LockMessage.Request("t3", 1, "a"), owner);
        assertEquals(List.of(new WaitForEdge("t3", "t1", "a"), new WaitForEdge("t3", "t2", "a"),
                new WaitForEdge("t3", "t5", "a")), exclusive.adds());
        assertEquals(WaitKind.HELD, fifo.kind(exclusive.adds().get(0), owner));
        assertEquals(List.of(new WaitForEdge("t3", "t1", "a")),
                holders.inTransit(ch, new LockMessage.Request("t3", 1, "a"), owner).adds());

        assertEquals(Set.of(new WaitForEdge("t2", "t1", "a"), new WaitForEdge("t5", "t2", "a")),
                Set.copyOf(fifo.waits("p0", owner)), "t5 conflicts with t2 ahead of it, not with the shared t1");
        assertEquals(Set.of(new WaitForEdge("t2", "t1", "a")), Set.copyOf(holders.waits("p0", owner)));

        // t2's withdrawal in transit ends the waits on it as a request queued ahead, as a release ends those on a holder.
        InTransitEffect withdrawal = fifo.inTransit(ChannelId.of("p2", "p0"), new LockMessage.Release("t2", 1, "a"), owner);
        assertTrue(withdrawal.ends().stream().anyMatch(e -> e.matches(new WaitForEdge("t5", "t2", "a"))), withdrawal.toString());
        assertTrue(withdrawal.ends().stream().anyMatch(e -> e.matches(new WaitForEdge("t2", "t1", "a"))), withdrawal.toString());
        assertEquals(List.of(WaitEnd.released("t2", "a"), WaitEnd.granted("t2", "a")), withdrawal.ends());
    }
}
