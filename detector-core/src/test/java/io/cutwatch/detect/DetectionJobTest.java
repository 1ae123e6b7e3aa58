package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Scheduled detection jobs on the simulator's virtual time, over many seeds. */
class DetectionJobTest {
    static final int SEEDS = Integer.getInteger("cutwatch.job.seeds", 25);

    interface SeedCheck {
        void run(long seed);
    }

    static void forSeeds(SeedCheck check) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                check.run(seed);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    /** A simulated cutwatch running a long diffusing computation on a random topology. */
    static Cutwatch app(long seed, Simulation sim) {
        Random rnd = new Random(seed);
        List<String> ids = Topology.ids("w", 2 + rnd.nextInt(5));
        Cutwatch cw = Cutwatch.simulated(rnd.nextBoolean() ? Topology.complete(ids) : Topology.ring(ids), sim);
        DiffusingApp.start(cw, 3, 2, 12, Duration.ofMillis(3));
        return cw;
    }

    static void assertConsistent(JobMetrics m, boolean inFlight) {
        assertEquals(m.ticks(), m.snapshotsStarted() + m.snapshotsSkipped(), "ticks vs started+skipped: " + m);
        assertEquals(m.snapshotsStarted(), m.snapshotsTaken() + m.snapshotsFailed() + (inFlight ? 1 : 0),
                "started vs taken+failed+in flight: " + m);
        assertEquals(m.snapshotsTaken(), m.latency().count(), "one latency per run: " + m);
        assertEquals(m.snapshotsFailed(), m.failureReasons().values().stream().mapToLong(Long::longValue).sum(),
                "every failure has a reason: " + m);
    }

    @Test
    void aJobSnapshotsEveryPeriodOfVirtualTimeAndReportsEveryDetector() {
        forSeeds(seed -> {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = app(seed, sim);
            DetectionJobs jobs = DetectionJobs.on(cw);
            List<Report> jobListener = new ArrayList<>();
            List<Report> allListener = new ArrayList<>();
            jobs.onReport(allListener::add);
            DetectionJob job = jobs.define("watch")
                    .detectors(TerminationDetector.NAME, "in-transit")
                    .every(Duration.ofMillis(5))
                    .snapshotTimeout(Duration.ofMillis(50))
                    .onReport(jobListener::add)
                    .start();
            sim.runFor(Duration.ofMillis(100));
            job.stop();
            JobMetrics m = job.metrics();
            assertEquals(List.of(m), jobs.metrics());

            assertEquals(20, m.ticks(), "one tick per 5 ms over 100 ms: " + m);
            assertConsistent(m, job.inFlight());
            assertEquals(0, m.snapshotsFailed(), m.toString());
            assertTrue(m.snapshotsTaken() > 0, m.toString());
            assertEquals(List.of(TerminationDetector.NAME, "in-transit"), List.copyOf(m.lastVerdicts().keySet()));
            assertTrue(m.latency().max().compareTo(Duration.ZERO) > 0, "a snapshot takes virtual time: " + m);
            assertTrue(m.latency().min().compareTo(m.latency().mean()) <= 0
                    && m.latency().mean().compareTo(m.latency().max()) <= 0, m.latency().toString());

            List<Report> stored = jobs.reports().recent(1_000);
            assertEquals(2 * m.snapshotsTaken(), stored.size(), "two detectors per snapshot");
            assertEquals(stored, jobListener);
            assertEquals(stored, allListener);
            for (int i = 0; i < stored.size(); i += 2) {
                assertEquals(TerminationDetector.NAME, stored.get(i).detector());
                assertEquals("in-transit", stored.get(i + 1).detector());
                assertEquals(stored.get(i).snapshotId(), stored.get(i + 1).snapshotId());
                assertEquals("watch", stored.get(i).job());
            }
            assertEquals(stored.get(stored.size() - 1).snapshotId(), m.lastSnapshotId());
            assertEquals(stored.subList(stored.size() - 2, stored.size()), job.lastReports());

            // Stopped: virtual time passes, nothing more happens.
            sim.runFor(Duration.ofMillis(50));
            assertEquals(m.ticks(), job.metrics().ticks());
            assertFalse(job.tick());
        });
    }

    /** Wraps a source; records initiators and the largest number of snapshots outstanding at once. */
    static final class Recording implements SnapshotSource {
        final SnapshotSource inner;
        final List<String> initiators = new ArrayList<>();
        int outstanding;
        int maxOutstanding;

        Recording(SnapshotSource inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<? extends GlobalSnapshot<?>> take(String initiator, Duration timeout) {
            initiators.add(initiator);
            outstanding++;
            maxOutstanding = Math.max(maxOutstanding, outstanding);
            return inner.take(initiator, timeout).whenComplete((s, e) -> outstanding--);
        }
    }

    @Test
    void overlappingPeriodsAreSkippedAndCountedNeverStartedTwice() {
        forSeeds(seed -> {
            // Slow network (2..6 ms a hop), 1 ms period: most periods find a snapshot in flight.
            Simulation sim = new Simulation(seed, new Simulation.Options(2_000, 6_000, 50_000_000));
            Cutwatch cw = app(seed, sim);
            Recording source = new Recording(SnapshotSource.of(cw));
            DetectionJobs jobs = DetectionJobs.using(source, JobClock.of(sim), Runnable::run);
            List<String> initiators = List.of(cw.topology().process(0), cw.topology().process(1));
            DetectionJob job = jobs.define("busy")
                    .processes(initiators.toArray(String[]::new))
                    .detectors(new InTransitDetector())
                    .every(Duration.ofMillis(1))
                    .snapshotTimeout(Duration.ofMillis(500))
                    .start();
            sim.runFor(Duration.ofMillis(200));
            job.stop();
            JobMetrics m = job.metrics();

            assertEquals(1, source.maxOutstanding, "two snapshots in flight at once: " + m);
            assertTrue(m.snapshotsSkipped() > 0, "no period was skipped: " + m);
            assertConsistent(m, job.inFlight());
            assertEquals(m.snapshotsStarted(), source.initiators.size());
            for (int i = 0; i < source.initiators.size(); i++) {
                assertEquals(initiators.get(i % 2), source.initiators.get(i), "initiators take turns");
            }
        });
    }

    @Test
    void failedSnapshotsAreCountedWithReasonsAndTheJobGoesOn() {
        forSeeds(seed -> {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = app(seed, sim);
            boolean[] dropMarkers = {true};
            sim.intercept(e -> dropMarkers[0] && e.isMarker() ? List.of() : List.of(e));
            DetectionJobs jobs = DetectionJobs.on(cw);
            DetectionJob job = jobs.define("lossy")
                    .detectors(TerminationDetector.NAME)
                    .every(Duration.ofMillis(5))
                    .snapshotTimeout(Duration.ofMillis(40))
                    .start();
            sim.runFor(Duration.ofMillis(60));
            JobMetrics during = job.metrics();
            assertTrue(during.snapshotsFailed() > 0, during.toString());
            assertEquals(0, during.snapshotsTaken(), during.toString());
            // Lost markers: the first snapshot times out; later ones may also see the sequence gaps
            // the lost markers leave (channel faults). Either way each failure is counted with its kind.
            assertTrue(during.failureReasons().get("TIMEOUT") >= 1, during.toString());
            assertTrue(java.util.Set.of("TIMEOUT", "CHANNEL_FAULT")
                    .containsAll(during.failureReasons().keySet()), during.toString());
            assertTrue(during.recentFailures().get(0).contains("timed out"), during.recentFailures().toString());

            dropMarkers[0] = false;
            sim.runFor(Duration.ofMillis(300));
            job.stop();
            JobMetrics after = job.metrics();
            assertTrue(after.snapshotsTaken() > 0, "the job must recover: " + after);
            assertConsistent(after, job.inFlight());
            assertTrue(after.recentFailures().size() <= DetectionJob.RECENT_FAILURES);
        });
    }

    @Test
    void aThrowingDetectorOrListenerNeverStopsTheJob() {
        forSeeds(seed -> {
            Simulation sim = new Simulation(seed);
            Cutwatch cw = app(seed, sim);
            DetectionJobs jobs = DetectionJobs.on(cw);
            jobs.onReport(r -> {
                throw new IllegalStateException("listener bug");
            });
            jobs.registry().register(TestDetectors.throwing("broken", new UnsupportedOperationException("todo")));
            DetectionJob job = jobs.define("resilient")
                    .detectors("broken", "in-transit", TerminationDetector.NAME)
                    .every(Duration.ofMillis(5))
                    .snapshotTimeout(Duration.ofMillis(50))
                    .onReport(r -> {
                        throw new IllegalStateException("another listener bug");
                    })
                    .start();
            sim.runFor(Duration.ofMillis(60));
            job.stop();
            JobMetrics m = job.metrics();
            assertEquals(12, m.ticks(), m.toString());
            assertTrue(m.snapshotsTaken() > 0, m.toString());
            assertConsistent(m, job.inFlight());
            assertEquals(m.snapshotsTaken(), m.detectorFailures(), "exactly the broken detector fails, every run");
            assertEquals(Verdict.FAILED, m.lastVerdicts().get("broken"));
            List<Report> stored = jobs.reports().recent(1_000);
            assertEquals(3 * m.snapshotsTaken(), stored.size());
            for (Report r : stored) {
                assertEquals(r.detector().equals("broken"), r.verdict() == Verdict.FAILED, r.toString());
            }
            assertEquals(new Report.Failure("UnsupportedOperationException", "todo"), stored.get(0).failure());
        });
    }

    @Test
    void aSourceThatThrowsOrNeverAnswersIsCountedAndAbandoned() {
        Simulation sim = new Simulation(3);
        Cutwatch cw = app(3, sim);
        int[] calls = {0};
        SnapshotSource flaky = (initiator, timeout) -> {
            calls[0]++;
            if (calls[0] == 1) {
                return new CompletableFuture<>(); // never completes
            }
            if (calls[0] == 2) {
                throw new IllegalStateException("backend not ready");
            }
            return SnapshotSource.of(cw).take(initiator, timeout);
        };
        DetectionJobs jobs = DetectionJobs.using(flaky, JobClock.of(sim), Runnable::run);
        DetectionJob job = jobs.define("flaky").processes("w0").detectors(new InTransitDetector())
                .every(Duration.ofMillis(5)).snapshotTimeout(Duration.ofMillis(20)).start();
        sim.runFor(Duration.ofMillis(100));
        job.stop();
        JobMetrics m = job.metrics();
        assertEquals(1L, m.failureReasons().get("SnapshotSourceTimeoutException"), m.toString());
        assertEquals(1L, m.failureReasons().get("IllegalStateException"), m.toString());
        assertTrue(m.snapshotsSkipped() >= 4, "periods during the abandoned wait are skipped: " + m);
        assertTrue(m.snapshotsTaken() > 0, m.toString());
        assertConsistent(m, job.inFlight());
    }

    @Test
    void theReportHistoryIsBounded() {
        Simulation sim = new Simulation(5);
        Cutwatch cw = app(5, sim);
        DetectionJobs jobs = DetectionJobs.on(cw).reportStore(new InMemoryReportStore(4));
        DetectionJob job = jobs.define("short-memory").detectors("in-transit").every(Duration.ofMillis(5))
                .snapshotTimeout(Duration.ofMillis(50)).start();
        sim.runFor(Duration.ofMillis(100));
        job.stop();
        assertTrue(job.metrics().snapshotsTaken() > 4, job.metrics().toString());
        List<Report> kept = jobs.reports().recent(100);
        assertEquals(4, kept.size());
        assertEquals(job.metrics().lastSnapshotId(), kept.get(3).snapshotId());
    }

    @Test
    void badJobDefinitionsAreRefusedNamingTheProblem() {
        Cutwatch cw = app(1, new Simulation(1));
        DetectionJobs jobs = DetectionJobs.on(cw);
        jobs.define("taken").detectors("in-transit").every(Duration.ofMillis(5)).build();

        assertMessage(IllegalArgumentException.class, "has no period",
                () -> jobs.define("a").detectors("in-transit").build());
        assertMessage(IllegalArgumentException.class, "period must be positive, got PT0S",
                () -> jobs.define("a").every(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "snapshot timeout must be positive",
                () -> jobs.define("a").snapshotTimeout(Duration.ofMillis(-1)));
        assertMessage(IllegalArgumentException.class, "has no detectors",
                () -> jobs.define("a").every(Duration.ofMillis(5)).build());
        assertMessage(UnknownDetectorException.class, "unknown detector 'deadlok' in detection job a",
                () -> jobs.define("a").detectors("deadlok").every(Duration.ofMillis(5)).build());
        assertMessage(UnknownProcessException.class, "unknown process 'x9' in detection job a",
                () -> jobs.define("a").processes("x9").detectors("in-transit").every(Duration.ofMillis(5)).build());
        assertMessage(IllegalArgumentException.class, "lists detector 'in-transit' twice",
                () -> jobs.define("a").detectors("in-transit").detectors(new InTransitDetector())
                        .every(Duration.ofMillis(5)).build());
        // Names the job and the repeated names.
        assertMessage(IllegalArgumentException.class, "job a: ",
                () -> jobs.define("a").processes("w0", "w0"));
        assertMessage(IllegalArgumentException.class, "process names repeat in [w0, w0]",
                () -> jobs.define("a").processes("w0", "w0"));
        assertMessage(DuplicateJobException.class, "'taken' is already defined", () -> jobs.define("taken"));
        assertMessage(IllegalArgumentException.class, "invalid detection job name 'two words'",
                () -> jobs.define("two words"));
        assertMessage(UnknownJobException.class, "unknown detection job 'nope'", () -> jobs.job("nope"));
        assertMessage(IllegalArgumentException.class, "has no initiating processes",
                () -> DetectionJobs.using((i, t) -> new CompletableFuture<>(), JobClock.of(new Simulation(1)),
                        Runnable::run).define("a").detectors(new InTransitDetector()).every(Duration.ofMillis(1)).build());

        DetectionJob job = jobs.job("taken").start();
        assertMessage(IllegalStateException.class, "already started", job::start);
        job.stop();
        assertMessage(IllegalStateException.class, "is stopped", job::start);
    }

    static void assertMessage(Class<? extends Throwable> type, String fragment, org.junit.jupiter.api.function.Executable call) {
        Throwable t = assertThrows(type, call);
        assertTrue(t.getMessage().contains(fragment), "expected '" + fragment + "' in: " + t.getMessage());
    }
}
