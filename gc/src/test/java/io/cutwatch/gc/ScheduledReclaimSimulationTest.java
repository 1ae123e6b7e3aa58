package io.cutwatch.gc;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStore;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.ObjectStoreApp;
import io.cutwatch.sim.ExecutionLog;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster scenario on the simulator: the sample store on three processes ("members"), a
 * periodic job (scheduled on the simulation) that takes a snapshot, finds the garbage and
 * reclaims it through {@link ReclaimHook#viaProcesses}, while the application keeps mutating.
 * Live objects must never be freed, reclaimed objects must never be reported again, and once
 * the application stops, one more round leaves no garbage at all.
 */
class ScheduledReclaimSimulationTest {
    static final int SEEDS = 60;
    static final Duration PERIOD = Duration.ofMillis(12);
    static final int ROUNDS = 25;
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void periodicSnapshotsReclaimAllGarbageAndNeverALiveObject() {
        long reclaimed = 0;
        long cycles = 0;
        long reports = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                long[] r = runOne(seed);
                reclaimed += r[0];
                cycles += r[1];
                reports += r[2];
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        System.out.printf("%d seeds, %d periodic reports: %d objects reclaimed, %d distributed cycles among them%n",
                SEEDS, reports, reclaimed, cycles);
        assertTrue(cycles > SEEDS, "too few distributed cycles reclaimed: " + cycles);
    }

    /** Returns {objects reclaimed, distributed cycles reclaimed, reports}. */
    static long[] runOne(long seed) {
        Topology topology = Topology.complete("m1", "m2", "m3");
        Simulation sim = new Simulation(seed);
        ExecutionLog log = new ExecutionLog(topology);
        Cutwatch cw = Cutwatch.simulated(topology, sim).onEvent(log);
        ObjectStoreApp app = ObjectStoreApp.start(cw, ObjectStoreApp.Options.defaults().withOperations(120));
        List<String> violations = new ArrayList<>();
        Set<ObjectRef> freed = new HashSet<>();
        ReclaimHook hook = ReclaimHook.viaProcesses(cw, (ObjectStore s, ObjectIds garbage, Context ctx) -> {
            // On the process's thread, at the moment of freeing: check against the real global state.
            GroundTruth.State now = GroundTruth.live(app.stores(), log, topology);
            for (int i = 0; i < garbage.size(); i++) {
                ObjectRef r = s.ref(garbage.get(i));
                if (now.reachable().contains(r)) {
                    violations.add("live object " + r + " handed to reclaim at t=" + sim.nowMicros() + "us");
                }
                if (s.contains(r.objectId())) {
                    freed.add(r);
                }
            }
            s.free(garbage);
        });
        long[] totals = new long[3];
        for (int round = 0; round < ROUNDS; round++) {
            String initiator = topology.process(round % topology.size());
            sim.schedule(PERIOD.multipliedBy(round + 1), () -> {
                Set<ObjectRef> freedBefore = Set.copyOf(freed);
                cw.snapshots().<HeapState>initiate(initiator).whenComplete((snap, error) -> {
                    if (error != null) {
                        violations.add("periodic snapshot failed: " + error);
                        return;
                    }
                    GarbageReport report;
                    try {
                        report = DETECTOR.detect(snap);
                    } catch (RuntimeException e) {
                        violations.add("detection failed on snapshot " + snap.id() + ": " + e);
                        return;
                    }
                    Set<ObjectRef> again = new TreeSet<>(GroundTruth.garbageOf(report));
                    again.retainAll(freedBefore);
                    if (!again.isEmpty()) {
                        violations.add("snapshot " + snap.id() + " reports objects already reclaimed: " + again);
                    }
                    totals[0] += report.reclaim(hook);
                    totals[1] += report.distributedCycles().size();
                    totals[2]++;
                });
            });
        }
        sim.runUntilQuiet();
        assertEquals(List.of(), violations.subList(0, Math.min(3, violations.size())),
                violations.size() + " violations, the first 3 shown");
        app.processes().values().forEach(p -> assertEquals(0, p.stats().handlerFailures(),
                "handler failures at " + p.id() + " (a live object was freed?)"));
        assertEquals(ROUNDS, totals[2], "every periodic snapshot completed");

        // The application has stopped: one more round, then nothing is left.
        GarbageReport last = DETECTOR.detect(sim.await(cw.snapshots().initiate("m1")));
        last.reclaim(hook);
        sim.runUntilQuiet();
        GarbageReport after = DETECTOR.detect(sim.await(cw.snapshots().initiate("m2")));
        assertEquals(0, after.garbageCount(), "garbage left after the final reclaim: " + after.summary());
        GroundTruth.State end = GroundTruth.live(app.stores(), log, topology);
        assertEquals(Set.of(), end.garbage(), "the real state still holds garbage");
        assertEquals(end.objects().size(), after.examined().objects(), "live objects all still there");
        assertTrue(!end.objects().isEmpty(), "everything was reclaimed, the run kept nothing alive");
        totals[0] += last.garbageCount();
        assertEquals(totals[0], freed.size() + 0L, "objects handed to reclaim vs freed");
        return totals;
    }
}
