package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The termination detector, run by a scheduled job on the simulator, against ground truth: the
 * simulator's event stream tells exactly when the diffusing computation performed its last event.
 */
class TerminationDetectionTest {
    static final int SEEDS = Integer.getInteger("cutwatch.seeds", 300);

    /** One snapshot as the job saw it, with ground-truth marks. */
    record Run(long snapshotId, long startMark, Map<String, Long> ownEvents, Verdict verdict, long reportMark) {
    }

    @Test
    void reportsTerminationOnlyAfterItHappenedAndWithinTwoSnapshots() {
        long cleanBeforeEnd = 0;
        long straddling = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                long[] r = runOne(seed);
                cleanBeforeEnd += r[0];
                straddling += r[1];
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " (rerun with -Dcutwatch.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
        // Without running computations seen as running, "never early" would be vacuous.
        assertTrue(cleanBeforeEnd > SEEDS, "too few snapshots caught the computation running: " + cleanBeforeEnd);
        System.out.printf("termination: %d seeds, %d snapshots saw it running, %d straddled its end%n",
                SEEDS, cleanBeforeEnd, straddling);
    }

    @Test
    void oneSeedFromTheCommandLine() {
        long seed = Long.getLong("cutwatch.seed", 7L);
        runOne(seed);
    }

    /** Returns {CLEAN reports before the end, snapshots in flight at the end}. */
    static long[] runOne(long seed) {
        Random rnd = new Random(seed);
        List<String> ids = Topology.ids("w", 2 + rnd.nextInt(5));
        Topology topology = rnd.nextBoolean() ? Topology.complete(ids) : Topology.ring(ids);
        Simulation sim = new Simulation(seed);
        Cutwatch cw = Cutwatch.simulated(topology, sim);

        // Ground truth: a global event counter (the simulator is single-threaded) and events per process.
        long[] mark = {0};
        Map<String, Long> events = new HashMap<>();
        cw.onEvent(e -> {
            mark[0]++;
            events.merge(e.process(), 1L, Long::sum);
        });
        DiffusingApp.start(cw, 1 + rnd.nextInt(3), 2, 6 + rnd.nextInt(6), Duration.ofMillis(1 + rnd.nextInt(3)));

        Map<Long, Long> startMarkOf = new HashMap<>();
        Map<Long, Map<String, Long>> ownEventsOf = new HashMap<>();
        SnapshotSource recording = (initiator, timeout) -> {
            long startMark = mark[0];
            return SnapshotSource.of(cw).take(initiator, timeout).thenApply(s -> {
                startMarkOf.put(s.id(), startMark);
                ownEventsOf.put(s.id(), ownEvents(s, topology));
                return s;
            });
        };
        List<Run> runs = new ArrayList<>();
        DetectionJobs jobs = DetectionJobs.using(recording, JobClock.of(sim), Runnable::run);
        jobs.registry().discover();
        DetectionJob job = jobs.define("termination-watch")
                .processes(ids.toArray(String[]::new))
                .detectors(TerminationDetector.NAME)
                .every(Duration.ofMillis(2))
                .snapshotTimeout(Duration.ofMillis(200))
                .onReport(r -> runs.add(new Run(r.snapshotId(), startMarkOf.get(r.snapshotId()),
                        ownEventsOf.get(r.snapshotId()), r.verdict(), mark[0])))
                .start();
        sim.runUntil(() -> runs.stream().filter(r -> r.verdict() == Verdict.FOUND).count() >= 3
                || sim.nowMicros() > 60_000_000L);
        job.stop();
        sim.runUntilQuiet();

        long end = mark[0];
        assertTrue(runs.stream().anyMatch(r -> r.verdict() == Verdict.FOUND),
                "termination never reported; runs " + runs);
        long clean = 0;
        long straddling = 0;
        int afterEnd = 0;
        boolean foundAfterEnd = false;
        for (Run r : runs) {
            assertTrue(r.verdict() != Verdict.FAILED, "detector failed: " + job.lastReports());
            boolean cutHasEverything = r.ownEvents().equals(events);
            // Exact: the cut's state is terminated iff it contains every event of the run.
            assertEquals(cutHasEverything, r.verdict() == Verdict.FOUND, "snapshot " + r.snapshotId()
                    + ": verdict " + r.verdict() + " but cut " + r.ownEvents() + " vs run " + events);
            if (r.startMark() >= end) {
                assertEquals(Verdict.FOUND, r.verdict(), "snapshot " + r.snapshotId()
                        + " started after termination but did not report it");
            }
            if (r.reportMark() >= end) {
                if (!foundAfterEnd) {
                    afterEnd++;
                    foundAfterEnd = r.verdict() == Verdict.FOUND;
                    if (r.startMark() < end) {
                        straddling++;
                    }
                }
            } else {
                assertEquals(Verdict.CLEAN, r.verdict(), "termination reported before the last event");
                clean++;
            }
        }
        assertTrue(foundAfterEnd, "no FOUND after termination; runs " + runs);
        assertTrue(afterEnd <= 2, "termination reported only by the " + afterEnd
                + "th snapshot after it happened; runs " + runs);
        JobMetrics m = job.metrics();
        assertEquals(runs.size(), m.snapshotsTaken(), "metrics vs reports: " + m);
        assertEquals(Verdict.FOUND, m.lastVerdicts().get(TerminationDetector.NAME), m.toString());
        return new long[] {clean, straddling};
    }

    static Map<String, Long> ownEvents(GlobalSnapshot<?> s, Topology topology) {
        Map<String, Long> out = new HashMap<>();
        for (String p : topology.processes()) {
            long n = s.frontier().get(p).get(topology.indexOf(p));
            if (n > 0) {
                out.put(p, n);
            }
        }
        return out;
    }

    @Test
    void aStateThatIsNotPassivityAwareFailsTheReportNamingTheProcess() {
        Topology t = Topology.complete("a", "b");
        Cutwatch cw = Cutwatch.simulated(t, 3);
        cw.process("a", 1).capture(x -> x).start();
        cw.process("b", 2).capture(x -> x).start();
        GlobalSnapshot<?> s = cw.simulation().await(cw.snapshots().initiate("a"));
        Report r = DetectorRunner.runOne("j", s, new TerminationDetector());
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("StateViewException", r.failure().type());
        assertTrue(r.failure().message().contains("process a") && r.failure().message().contains("java.lang.Integer")
                && r.failure().message().contains(Passivity.class.getName()), r.failure().message());
    }

    @Test
    void adapterConstructorReadsAnyStateAndIgnoresChosenMessages() {
        Topology t = Topology.complete("a", "b");
        Cutwatch cw = Cutwatch.simulated(t, 5);
        // "idle" processes whose only traffic is an acknowledgement still in transit at the cut.
        cw.process("a", "idle").capture(x -> x)
                .onStart((s, ctx) -> ctx.send("b", "ack")).start();
        cw.process("b", "idle").capture(x -> x).onMessage((s, from, p, ctx) -> { }).start();
        // b records first, so the ack a sent at start-up is received after b's cut: in transit.
        GlobalSnapshot<?> s = cw.simulation().await(cw.snapshots().initiate("b"));
        assertEquals(List.of("ack"), s.channel("a", "b"), "the ack must be in transit for this test to mean anything");

        TerminationResult strict = new TerminationDetector().detect(snapshotOf(s)); // every message counts
        assertFalse(strict.terminated());
        assertEquals(Map.of("a->b", 1), strict.channelsInUse());

        TerminationDetector lenient = new TerminationDetector("termination-ignoring-acks",
                SnapshotReader.of(String.class, StateView.of("idle"::equals),
                        (ch, p) -> "ack".equals(p) ? null : p));
        TerminationResult r = lenient.detect(s);
        assertTrue(r.terminated(), r.summary());
        assertEquals(List.of(), r.activeProcesses());
    }

    /** The same snapshot, but with states wrapped as Passivity (idle = passive). */
    private static GlobalSnapshot<?> snapshotOf(GlobalSnapshot<?> s) {
        // Build an equivalent snapshot through the public assembly path.
        List<io.cutwatch.snapshot.LocalSnapshot<Object>> pieces = new ArrayList<>();
        Topology t = Topology.complete(s.processes());
        for (String p : s.processes()) {
            Map<io.cutwatch.model.ChannelId, List<Object>> in = new HashMap<>();
            for (io.cutwatch.model.ChannelId c : t.inbound(p)) {
                in.put(c, s.channels().get(c));
            }
            Object st = s.state(p);
            pieces.add(new io.cutwatch.snapshot.LocalSnapshot<>(s.id(), p, (Passivity) () -> "idle".equals(st), in,
                    s.frontier().get(p)));
        }
        return GlobalSnapshot.assemble(s.id(), t, pieces);
    }

    @Test
    void resultRejectsAContradictoryVerdict() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TerminationResult(true, 2, List.of("a"), Map.of()));
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }
}
