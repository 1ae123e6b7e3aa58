package io.cutwatch.gc;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.gc.baseline.ReferenceCountingCollector;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.ObjectStoreApp;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Tracing on a consistent snapshot against reference counting on the same recorded state. */
class ReferenceCountingBaselineTest {
    static final int SEEDS = Integer.getInteger("cutwatch.gc.seeds", 2_000) / 4;
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());
    static final ReferenceCountingCollector<HeapState> RC =
            ReferenceCountingCollector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void referenceCountingNeverFreesATwoProcessCycle() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").object("b", 1, "a:1", "b:2").object("b", 2)
                .object("a", 2, "a:3").object("a", 3, "a:2") // a local cycle: local tracing frees it
                .object("a", 4).root("a", 4)
                .build();
        assertEquals(Set.of(ref("a:2"), ref("a:3")), RC.collect(s));
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(5, r.garbageCount());
        assertEquals(3, r.retainedByCycles());
    }

    @Test
    void referenceCountingMissesWhatTheDistributedCyclesRetain() {
        long traced = 0;
        long counted = 0;
        long cycles = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                Random rnd = new Random(seed);
                Topology topology = Topology.complete(Topology.ids("p", 2 + rnd.nextInt(5)));
                Simulation sim = new Simulation(seed);
                Cutwatch cw = Cutwatch.simulated(topology, sim);
                ObjectStoreApp.start(cw, ObjectStoreApp.Options.defaults().withOperations(20 + rnd.nextInt(30)));
                sim.runFor(Duration.ofMillis(5 + rnd.nextInt(60)));
                GlobalSnapshot<HeapState> s = sim.await(cw.snapshots().initiate(topology.process(0)));
                GarbageReport report = DETECTOR.detect(s);
                Set<ObjectRef> garbage = GroundTruth.garbageOf(report);
                Set<ObjectRef> rc = RC.collect(s);
                assertTrue(garbage.containsAll(rc), "reference counting freed live objects: seed " + seed);
                Set<ObjectRef> missed = new TreeSet<>(garbage);
                missed.removeAll(rc);
                assertEquals(report.retainedByCycles(), missed.size(),
                        "what reference counting misses is what the cycles retain: seed " + seed);
                for (GarbageCycle c : report.distributedCycles()) {
                    assertTrue(missed.containsAll(c.members()), "reference counting freed part of " + c + ": seed " + seed);
                }
                traced += garbage.size();
                counted += rc.size();
                cycles += report.distributedCycles().size();
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        System.out.printf("%d seeds: tracing on snapshots found %d garbage objects (%d distributed cycles);"
                + " reference counting frees %d and misses %d%n", SEEDS, traced, cycles, counted, traced - counted);
        assertTrue(cycles > 0, "no distributed cycle in " + SEEDS + " seeds");
        assertTrue(traced > counted, "reference counting missed nothing: " + traced + " vs " + counted);
    }
}
