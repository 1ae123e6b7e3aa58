package io.cutwatch.deadlock.lockservice;

import io.cutwatch.Cutwatch;
import io.cutwatch.causality.Causality;
import io.cutwatch.causality.Cut;
import io.cutwatch.causality.CutCheck;
import io.cutwatch.causality.EventKind;
import io.cutwatch.causality.Trace;
import io.cutwatch.causality.TraceRecorder;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A deadlock report carries its certificate (the snapshot's frontier), and a user with the run's
 * recorded trace can check offline, with the causality tools, that the report was computed on a
 * consistent cut of what really happened.
 */
class ReportCertificateTest {
    @Test
    void theFrontierOfADeadlockReportIsAConsistentCutOfTheRecordedTrace() {
        for (long seed = 1; seed <= 20; seed++) {
            Topology topology = Topology.complete("p0", "p1", "p2");
            Simulation sim = new Simulation(seed);
            TraceRecorder recorder = TraceRecorder.create(topology);
            Cutwatch cw = Cutwatch.simulated(topology, sim).onEvent(recorder.listener());
            LockService s = LockService.start(cw, Map.of("a", "p0", "b", "p1", "c", "p2"),
                    new LockService.Options(true, Duration.ofMillis(2)));
            Duration w = Duration.ofMillis(10);
            s.begin("p0", List.of(TxStep.acquire("a"), TxStep.work(w), TxStep.acquire("b")));
            s.begin("p1", List.of(TxStep.acquire("b"), TxStep.work(w), TxStep.acquire("c")));
            s.begin("p2", List.of(TxStep.acquire("c"), TxStep.work(w), TxStep.acquire("a")));
            sim.runUntilQuiet();
            DeadlockReport r = new DeadlockDetector<>(new LockServiceAdapter())
                    .detect(sim.await(cw.snapshots().<LockTableView>initiate("p" + (seed % 3))));
            assertTrue(r.found(), "seed " + seed + ": " + r.summary());
            Trace trace = recorder.toTrace();
            int[] lengths = new int[topology.size()];
            for (int i = 0; i < topology.size(); i++) {
                lengths[i] = (int) r.frontier().get(topology.process(i)).get(i);
            }
            assertEquals(topology.size(), r.frontier().size(), "seed " + seed);
            CutCheck check = Causality.isConsistent(trace, Cut.of(lengths));
            assertTrue(check.consistent(), "seed " + seed + ": " + check.reason());
            assertTrue(Arrays.stream(lengths).allMatch(n -> n > 0),
                    "seed " + seed + ": the cut should include the transactions' events " + Arrays.toString(lengths));
            // A forged certificate, every event of one process that receives and none of the others,
            // takes a receive without its send: the same check refuses it.
            boolean forgedChecked = false;
            for (int i = 0; i < topology.size(); i++) {
                if (trace.events(i).stream().anyMatch(e -> e.kind() == EventKind.RECEIVE)) {
                    int[] forged = new int[topology.size()];
                    forged[i] = trace.events(i).size();
                    assertFalse(Causality.isConsistent(trace, Cut.of(forged)).consistent(),
                            "seed " + seed + ": forged cut " + Arrays.toString(forged) + " was accepted");
                    forgedChecked = true;
                }
            }
            assertTrue(forgedChecked, "seed " + seed + ": no process received anything");
        }
    }
}
