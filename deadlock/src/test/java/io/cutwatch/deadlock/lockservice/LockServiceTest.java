package io.cutwatch.deadlock.lockservice;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockServiceTest {
    final Topology topology = Topology.complete("p0", "p1");
    final Simulation sim = new Simulation(3);
    final Cutwatch cw = Cutwatch.simulated(topology, sim);

    LockService start(boolean restart) {
        return LockService.start(cw, Map.of("a", "p0", "b", "p1"), new LockService.Options(restart, Duration.ofMillis(2)));
    }

    /** t1 (home p0) takes a then b, t2 (home p1) takes b then a: a real two-party deadlock. */
    List<String> crossing(LockService s) {
        Duration w = Duration.ofMillis(10);
        return List.of(
                s.begin("p0", List.of(TxStep.acquire("a"), TxStep.work(w), TxStep.acquire("b"))),
                s.begin("p1", List.of(TxStep.acquire("b"), TxStep.work(w), TxStep.acquire("a"))));
    }

    @Test
    void queuedRequestsAreGrantedInOrderAndEveryoneCommits() {
        LockService s = start(true);
        for (int i = 0; i < 5; i++) {
            s.begin(topology.process(i % 2), List.of(TxStep.acquire("a"), TxStep.work(Duration.ofMillis(1)),
                    TxStep.acquire("b"), TxStep.release("a"), TxStep.work(Duration.ofMillis(1))));
        }
        sim.runUntilQuiet();
        assertEquals(List.of(), s.unfinished());
        assertEquals(TxStatus.COMMITTED, s.status("t5").status());
        assertEquals(null, s.peek("p0").lock("a").holder());
    }

    @Test
    void crossingOrdersDeadlockForRealAndStayDeadlocked() {
        LockService s = start(true);
        crossing(s);
        sim.runUntilQuiet();
        assertEquals(List.of("t1", "t2"), s.unfinished());
        assertEquals(TxStatus.WAITING, s.status("t1").status());
        assertEquals("b", s.status("t1").waitingFor());
        DeadlockReport r = new DeadlockDetector<>(new LockServiceAdapter())
                .detect(sim.await(cw.snapshots().<LockTableView>initiate("p1")));
        assertEquals("t1 -[b]-> t2 -[a]-> t1", r.deadlocks().get(0).cycleText());
        assertEquals(List.of("t2"), r.victims());
    }

    @Test
    void abortingTheVictimBreaksTheDeadlockAndItRestartsAndCommits() {
        LockService s = start(true);
        crossing(s);
        sim.runUntilQuiet();
        s.abort("t2");
        s.abort("t2"); // idempotent: the second abort finds it backing off
        sim.runUntilQuiet();
        assertEquals(List.of(), s.unfinished());
        assertEquals(1, s.status("t2").aborts());
        assertEquals(2, s.status("t2").attempt());
    }

    @Test
    void withoutRestartsAnAbortedTransactionStaysAborted() {
        LockService s = start(false);
        crossing(s);
        sim.runUntilQuiet();
        s.abort("t1");
        sim.runUntilQuiet();
        assertEquals(TxStatus.ABORTED, s.status("t1").status());
        assertEquals(TxStatus.COMMITTED, s.status("t2").status());
        s.abort("t2"); // committed: nothing happens
        sim.runUntilQuiet();
        assertEquals(TxStatus.COMMITTED, s.status("t2").status());
    }

    /** Two services over one topology, each hosting one process, as two cluster members would. */
    @Test
    void servicesHostingPartOfTheTopologyWorkTogetherWithIdsOfTheirOwn() {
        Map<String, String> owners = Map.of("a", "p0", "b", "p1");
        LockService s0 = LockService.start(cw, owners, LockService.Options.defaults(), List.of("p0"));
        LockService s1 = LockService.start(cw, owners, LockService.Options.defaults(), List.of("p1"));
        assertEquals("t1", s0.begin("p0", "t1", List.of(TxStep.acquire("a"), TxStep.acquire("b"))));
        assertEquals("m1-9", s1.begin("p1", "m1-9", List.of(TxStep.acquire("b"), TxStep.work(Duration.ofMillis(1)))));
        assertEquals("t2", s0.begin("p0", List.of(TxStep.acquire("b"))), "generated ids skip the ones taken");
        sim.runUntilQuiet();
        assertEquals(List.of(), s0.unfinished());
        assertEquals(List.of(), s1.unfinished());
        assertEquals(TxStatus.COMMITTED, s1.status("m1-9").status());
        assertEquals("p1", s1.homeOf("m1-9"));
        assertEquals(null, s0.homeOf("m1-9"), "a service knows the transactions begun through it");

        IllegalArgumentException notHere = assertThrows(IllegalArgumentException.class,
                () -> s0.begin("p1", List.of(TxStep.acquire("a"))));
        assertTrue(notHere.getMessage().contains("'p1' is not hosted") && notHere.getMessage().contains("[p0]"),
                notHere.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> s0.begin("p0", "t1", List.of(TxStep.acquire("a"))));
        assertTrue(twice.getMessage().contains("'t1' was already begun"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s0.begin("p0", " ", List.of(TxStep.acquire("a"))));
        assertThrows(IllegalArgumentException.class, () -> s0.peek("p1"));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> LockService.start(Cutwatch.simulated(topology, 1), owners, LockService.Options.defaults(),
                        List.of("p7")));
        assertTrue(outside.getMessage().contains("'p7'"), outside.getMessage());
    }

    @Test
    void badPlansAndUnknownTransactionsAreRefusedWithTheReason() {
        LockService s = start(true);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> s.begin("p0", List.of(TxStep.acquire("a"), TxStep.acquire("zz"))));
        assertTrue(unknown.getMessage().startsWith("step 1 of t1 acquires unknown resource 'zz'"), unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> s.begin("p0", List.of(TxStep.acquire("a"), TxStep.acquire("a"))));
        assertTrue(twice.getMessage().contains("which it already holds"), twice.getMessage());
        IllegalArgumentException notHeld = assertThrows(IllegalArgumentException.class,
                () -> s.begin("p0", List.of(TxStep.release("b"))));
        assertTrue(notHeld.getMessage().contains("releases 'b', which it does not hold"), notHeld.getMessage());
        IllegalArgumentException abort = assertThrows(IllegalArgumentException.class, () -> s.abort("t99"));
        assertEquals("no transaction 't99' was begun through this lock service", abort.getMessage());
        assertFalse(s.transactions().contains("t1"), "a refused plan does not start");
    }
}
