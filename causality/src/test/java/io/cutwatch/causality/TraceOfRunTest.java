package io.cutwatch.causality;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.RandomTopology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.sim.TokenApp;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's events recorded as a trace agree with the offline causality tools: the trace's
 * clocks verify, and every snapshot's frontier is a consistent cut of the trace, while moving
 * one process's frontier past a receive whose send lies outside makes it inconsistent.
 */
class TraceOfRunTest {
    @Test
    void snapshotFrontiersAreConsistentCutsOfTheRecordedTrace() {
        int inconsistentFound = 0;
        for (long seed = 1; seed <= 100; seed++) {
            Random rnd = new Random(seed);
            Topology t = RandomTopology.of(rnd);
            Simulation sim = new Simulation(seed);
            TraceRecorder recorder = TraceRecorder.create(t);
            Cutwatch cw = Cutwatch.simulated(t, sim).onEvent(recorder.listener());
            TokenApp.start(cw, 100, 10, Duration.ofMillis(2));
            List<CompletableFuture<GlobalSnapshot<Object>>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String initiator = t.process(rnd.nextInt(t.size()));
                sim.schedule(Duration.ofMillis(rnd.nextInt(20)), () -> fs.add(cw.snapshots().initiate(initiator)));
            }
            sim.runUntilQuiet();
            Trace trace = recorder.toTrace();
            for (CompletableFuture<GlobalSnapshot<Object>> f : fs) {
                GlobalSnapshot<Object> s = f.join();
                int[] lengths = new int[t.size()];
                for (int i = 0; i < t.size(); i++) {
                    lengths[i] = (int) s.frontier().get(t.process(i)).get(i);
                }
                CutCheck check = Causality.isConsistent(trace, Cut.of(lengths));
                assertTrue(check.consistent(), "seed " + seed + ", snapshot " + s.id() + ": " + check.reason());
                // Push each process one event further in turn: some such cut must break consistency
                // whenever that event is a receive of a message sent after the sender's frontier.
                // Independently of the clocks: the pushed cut is inconsistent exactly when the one
                // event it adds is a receive whose send lies outside the cut, and the check must
                // then name that very pair.
                for (int i = 0; i < t.size(); i++) {
                    int[] more = lengths.clone();
                    more[i]++;
                    if (more[i] > trace.events(i).size()) {
                        continue;
                    }
                    TraceEvent added = trace.events(i).get(lengths[i]);
                    TraceEvent send = added.kind() == EventKind.RECEIVE ? trace.message(added.messageId()).send() : null;
                    boolean breaks = send != null && send.index() >= more[send.process()];
                    CutCheck pushed = Causality.isConsistent(trace, Cut.of(more));
                    assertEquals(!breaks, pushed.consistent(), "seed " + seed + ", cut " + Cut.of(more)
                            + " adding " + added + ": " + pushed.reason());
                    if (breaks) {
                        inconsistentFound++;
                        assertEquals(added, pushed.receive(), "seed " + seed + ": " + pushed.reason());
                        assertEquals(send, pushed.send(), "seed " + seed + ": " + pushed.reason());
                        assertFalse(pushed.reason().isEmpty());
                    }
                }
            }
            assertTrue(trace.eventCount() > 0, "seed " + seed);
        }
        assertTrue(inconsistentFound > 0, "the check must be able to fail");
    }
}
