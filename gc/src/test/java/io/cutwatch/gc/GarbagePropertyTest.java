package io.cutwatch.gc;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.ObjectStoreApp;
import io.cutwatch.sim.ExecutionLog;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded runs of the sample object store (2..6 processes, random operations,
 * 1..3 snapshots from random initiators at random times, while the application mutates).
 * Every report is checked against the real run: safety (nothing reported is reachable in the
 * real global state when the snapshot ends, nor after the run settles), completeness (all that
 * was garbage when the snapshot started is reported) and exactness against an independent
 * oracle over the recorded state.
 */
class GarbagePropertyTest {
    static final int SEEDS = Integer.getInteger("cutwatch.gc.seeds", 2_000);
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    /** Totals over the seeds, to show the checks had something to bite on. */
    static final class Totals {
        long snapshots;
        long garbage;
        long cycles;
        long garbageAtStart;
        long savedByChannelRoots;
        long inTransitRefs;
        final long[] cyclesBySpan = new long[7];
    }

    /** One snapshot of a run: ground truth at its start and end, and its report. */
    private static final class Taken {
        final Set<ObjectRef> garbageAtStart;
        GroundTruth.State atEnd;
        Throwable error;
        GarbageReport report;
        GlobalSnapshot<HeapState> snapshot;

        Taken(Set<ObjectRef> garbageAtStart) {
            this.garbageAtStart = garbageAtStart;
        }
    }

    @Test
    void reportsExactlyTheGarbageOfEveryConsistentSnapshot() {
        Totals t = new Totals();
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                runOne(seed, t);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " (rerun with -Dcutwatch.gc.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
        System.out.printf("%d seeds, %d snapshots: %d garbage objects, %d distributed cycles, %d garbage at snapshot"
                        + " start, %d objects kept alive only by references in transit (%d such references)%n",
                SEEDS, t.snapshots, t.garbage, t.cycles, t.garbageAtStart, t.savedByChannelRoots, t.inTransitRefs);
        System.out.printf("distributed cycles by processes spanned (index = processes): %s%n",
                java.util.Arrays.toString(t.cyclesBySpan));
        assertTrue(t.garbage > t.snapshots, "too little garbage to check anything: " + t.garbage);
        assertTrue(t.cycles > SEEDS / 10, "too few distributed cycles: " + t.cycles);
        assertTrue(t.garbageAtStart > 0, "no garbage existed at any snapshot start");
        for (int span = 2; span <= 5; span++) {
            assertTrue(t.cyclesBySpan[span] > 0, "no distributed cycle over " + span + " processes: "
                    + java.util.Arrays.toString(t.cyclesBySpan));
        }
        assertTrue(t.savedByChannelRoots > 0, "no object was ever kept alive only by a message in transit");
    }

    @Test
    void oneSeedFromTheCommandLine() {
        long seed = Long.getLong("cutwatch.gc.seed", 7L);
        Totals t = new Totals();
        runOne(seed, t);
        assertTrue(t.snapshots >= 1, "seed " + seed);
    }

    /** Half complete graphs, a quarter rings, a quarter rings with random chords; 2..6 processes. */
    static Topology randomTopology(Random rnd) {
        List<String> ids = Topology.ids("p", 2 + rnd.nextInt(5));
        int kind = rnd.nextInt(4);
        if (kind <= 1) {
            return Topology.complete(ids);
        }
        List<ChannelId> cs = new ArrayList<>(Topology.ring(ids).channels());
        if (kind == 3) {
            for (int k = 0; k < ids.size(); k++) {
                String a = ids.get(rnd.nextInt(ids.size()));
                String b = ids.get(rnd.nextInt(ids.size()));
                if (!a.equals(b) && !cs.contains(ChannelId.of(a, b))) {
                    cs.add(ChannelId.of(a, b));
                }
            }
        }
        return Topology.of(ids, cs);
    }

    static void runOne(long seed, Totals totals) {
        Random rnd = new Random(seed);
        Topology topology = randomTopology(rnd);
        Simulation sim = new Simulation(seed);
        ExecutionLog log = new ExecutionLog(topology);
        Cutwatch cw = Cutwatch.simulated(topology, sim).onEvent(log);
        ObjectStoreApp app = ObjectStoreApp.start(cw, ObjectStoreApp.Options.defaults()
                .withOperations(10 + rnd.nextInt(40)));

        int k = 1 + rnd.nextInt(3);
        List<Taken> taken = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String initiator = topology.process(rnd.nextInt(topology.size()));
            sim.schedule(Duration.ofNanos(rnd.nextInt(80_000) * 1_000L), () -> {
                // Between two simulation events: the real state right before the snapshot starts.
                Taken tk = new Taken(GroundTruth.live(app.stores(), log, topology).garbage());
                taken.add(tk);
                cw.snapshots().<HeapState>initiate(initiator).whenComplete((s, error) -> {
                    // Completes inside the event that delivers the last piece: the snapshot's end.
                    tk.error = error;
                    if (s != null) {
                        tk.atEnd = GroundTruth.live(app.stores(), log, topology);
                        tk.snapshot = s;
                        try {
                            tk.report = DETECTOR.detect(s);
                        } catch (RuntimeException e) {
                            tk.error = e;
                        }
                    }
                });
            });
        }
        sim.runUntilQuiet();
        GroundTruth.State settled = GroundTruth.live(app.stores(), log, topology);
        app.processes().values().forEach(p -> assertEquals(0, p.stats().handlerFailures(),
                "handler failures at " + p.id() + " (seed " + seed + ")"));
        assertEquals(k, taken.size(), "snapshots started (seed " + seed + ")");
        for (Taken tk : taken) {
            if (tk.error != null) {
                throw new AssertionError("snapshot or detection failed (seed " + seed + "): " + tk.error, tk.error);
            }
            assertTrue(tk.report != null, "a snapshot did not complete (seed " + seed + ")");
            String where = "snapshot " + tk.snapshot.id() + " of seed " + seed + " on " + topology;
            Set<ObjectRef> reported = GroundTruth.garbageOf(tk.report);

            Set<ObjectRef> live = new TreeSet<>(reported);
            live.retainAll(tk.atEnd.reachable());
            assertEquals(Set.of(), live, "reported as garbage but reachable when the snapshot ended: " + where);
            live = new TreeSet<>(reported);
            live.retainAll(settled.reachable());
            assertEquals(Set.of(), live, "reported as garbage but reachable after the run settled: " + where);

            Set<ObjectRef> missed = new TreeSet<>(tk.garbageAtStart);
            missed.removeAll(reported);
            assertEquals(Set.of(), missed, "garbage when the snapshot started but not reported: " + where);

            GroundTruth.State oracle = GroundTruth.recorded(tk.snapshot, true);
            assertEquals(oracle.garbage(), reported, "report differs from the oracle on the recorded state: " + where);
            assertEquals(oracle.objects().size(), tk.report.examined().objects(), "objects examined: " + where);
            long remote = 0;
            for (String p : tk.snapshot.processes()) {
                for (HeapState.HeapObject o : tk.snapshot.state(p).heap()) {
                    for (ObjectRef to : o.references()) {
                        if (!to.process().equals(p) && oracle.objects().contains(to)) {
                            remote++;
                        }
                    }
                }
            }
            assertEquals(remote, tk.report.examined().remoteReferences(), "references across processes: " + where);

            Set<ObjectRef> withoutChannels = GroundTruth.recorded(tk.snapshot, false).garbage();
            totals.savedByChannelRoots += withoutChannels.size() - reported.size();
            totals.inTransitRefs += tk.report.examined().inTransitReferences();
            for (GarbageCycle c : tk.report.distributedCycles()) {
                assertTrue(reported.containsAll(c.members()), "cycle members not all garbage: " + c + " " + where);
                assertTrue(c.processes().size() >= 2 && c.processes().size() <= topology.size(), where);
                totals.cyclesBySpan[c.processes().size()]++;
            }
            totals.snapshots++;
            totals.garbage += reported.size();
            totals.cycles += tk.report.distributedCycles().size();
            totals.garbageAtStart += tk.garbageAtStart.size();
        }
    }
}
