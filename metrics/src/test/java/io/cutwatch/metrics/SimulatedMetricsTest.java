package io.cutwatch.metrics;

import io.cutwatch.Cutwatch;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.JobMetrics;
import io.cutwatch.detect.TerminationDetector;
import io.cutwatch.detect.Verdict;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters and the health on the deterministic simulator: each moves exactly as the snapshots do. */
class SimulatedMetricsTest {
    static final Topology TOPOLOGY = Topology.complete("a", "b", "c");

    /** Three processes passing amounts around (50 replies each, then quiet); a's capture throws while {@code broken} is set. */
    static Cutwatch app(long seed, AtomicBoolean broken) {
        Cutwatch cw = Cutwatch.simulated(TOPOLOGY, new Simulation(seed));
        for (String id : TOPOLOGY.processes()) {
            cw.process(id, new long[] {100, 50})
                    .capture(s -> {
                        if (id.equals("a") && broken.get()) {
                            throw new IllegalStateException("capture of a is broken");
                        }
                        return s.clone();
                    })
                    .onStart((s, ctx) -> {
                        for (String n : ctx.neighbours()) {
                            s[0] -= 10;
                            ctx.send(n, 10L);
                        }
                    })
                    .onMessage((s, from, p, ctx) -> {
                        s[0] += (Long) p;
                        if (s[0] >= 5 && s[1]-- > 0) {
                            s[0] -= 5;
                            ctx.send(from, 5L);
                        }
                    })
                    .start();
        }
        return cw;
    }

    @Test
    void snapshotCountersEqualTheSnapshotsTakenAndFailedWithTheirReason() {
        AtomicBoolean broken = new AtomicBoolean();
        Cutwatch cw = app(7, broken);
        MeterRegistry registry = new SimpleMeterRegistry();
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw)) {
            int ok = 5;
            int bad = 2;
            long inTransit = 0;
            for (int i = 0; i < ok; i++) {
                GlobalSnapshot<long[]> s = cw.simulation().await(cw.snapshots().initiate(TOPOLOGY.process(i % 3)));
                inTransit += s.inTransitCount();
            }
            broken.set(true);
            for (int i = 0; i < bad; i++) {
                CompletableFuture<GlobalSnapshot<long[]>> f = cw.snapshots().initiate("b");
                SnapshotFailedException e = assertThrows(SnapshotFailedException.class,
                        () -> cw.simulation().await(f));
                assertEquals(FailureReason.CAPTURE_THREW, e.reason());
            }
            cw.simulation().runUntilQuiet();

            assertEquals(ok + bad, registry.get("cutwatch.snapshots.started").counter().count());
            assertEquals(ok, registry.get("cutwatch.snapshots.completed").counter().count());
            for (FailureReason r : FailureReason.values()) {
                assertEquals(r == FailureReason.CAPTURE_THREW ? bad : 0,
                        registry.get("cutwatch.snapshots.failed").tag("reason", r.name()).counter().count(), r.name());
            }
            assertEquals(0, registry.get("cutwatch.snapshots.in.flight").gauge().value());
            Timer latency = registry.get("cutwatch.snapshot.latency").timer();
            assertEquals(ok, latency.count());
            assertTrue(latency.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0, "virtual time passes");
            assertEquals(ok, registry.get("cutwatch.snapshot.messages").summary().count());
            assertEquals(inTransit, (long) registry.get("cutwatch.snapshot.messages").summary().totalAmount());
            assertEquals(0, registry.get("cutwatch.snapshot.bytes").summary().count(),
                    "the simulator does not encode pieces, so it reports no sizes");
            long markers = 0;
            for (String p : cw.hostedProcesses()) {
                markers += cw.process(p).stats().markersSent();
            }
            assertTrue(markers > 0);
            assertEquals(markers, registry.get("cutwatch.markers.sent").functionCounter().count());
            assertEquals(cw.snapshots().stats().initiated(),
                    (long) registry.get("cutwatch.snapshots.started").counter().count());
            assertEquals(2.0 / 7, metrics.recentFailureRate().orElseThrow(), 1e-9);
        }
        assertTrue(registry.getMeters().isEmpty(), "close removes every meter: " + names(registry));
    }

    @Test
    void nothingIsRegisteredOrCountedUntilBound() {
        AtomicBoolean broken = new AtomicBoolean();
        Cutwatch cw = app(11, broken);
        MeterRegistry registry = new SimpleMeterRegistry();
        cw.simulation().await(cw.snapshots().initiate("a"));
        assertTrue(registry.getMeters().isEmpty());
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw)) {
            cw.simulation().await(cw.snapshots().initiate("a"));
            assertEquals(1, registry.get("cutwatch.snapshots.completed").counter().count(), "counted from binding");
        }
        cw.simulation().await(cw.snapshots().initiate("a"));
        assertTrue(registry.getMeters().isEmpty());
    }

    @Test
    void jobMetersFollowTheJobRunsReportsAndFailures() {
        AtomicBoolean broken = new AtomicBoolean();
        Cutwatch cw = app(23, broken);
        MeterRegistry registry = new SimpleMeterRegistry();
        DetectionJobs jobs = DetectionJobs.on(cw);
        DetectionJob job = jobs.define("watch").detectors(TerminationDetector.NAME, "in-transit")
                .every(Duration.ofMillis(5)).snapshotTimeout(Duration.ofMillis(50)).build();
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw)) {
            metrics.bindJobs(jobs);
            job.start();
            cw.simulation().runFor(Duration.ofMillis(50));
            broken.set(true);
            cw.simulation().runFor(Duration.ofMillis(20));
            job.stop();
            cw.simulation().runUntilQuiet();
            JobMetrics m = job.metrics();
            assertTrue(m.snapshotsTaken() > 0 && m.snapshotsFailed() > 0, m.toString());

            assertEquals(m.snapshotsStarted(), count(registry, "cutwatch.job.runs", "watch"));
            assertEquals(m.snapshotsTaken(), count(registry, "cutwatch.job.snapshots.taken", "watch"));
            assertEquals(m.snapshotsSkipped(), count(registry, "cutwatch.job.skipped", "watch"));
            assertEquals(m.snapshotsFailed(), registry.get("cutwatch.job.failures").tag("reason",
                    FailureReason.CAPTURE_THREW.name()).functionCounter().count());
            assertEquals(0, registry.get("cutwatch.job.failures").tag("reason", JobMeters.OTHER_REASON)
                    .functionCounter().count());
            for (String d : job.detectors()) {
                assertEquals(m.snapshotsTaken(), registry.get("cutwatch.job.detector.duration").tag("job", "watch")
                        .tag("detector", d).timer().count(), d);
                double reports = 0;
                for (Verdict v : Verdict.values()) {
                    var c = registry.find("cutwatch.job.findings").tag("detector", d).tag("verdict", v.name())
                            .counter();
                    reports += c == null ? 0 : c.count();
                }
                assertEquals(m.snapshotsTaken(), reports, d);
            }
            assertEquals(m.snapshotsStarted(), registry.get("cutwatch.snapshots.started").counter().count());
            assertEquals(m.snapshotsFailed(), registry.get("cutwatch.snapshots.failed")
                    .tag("reason", FailureReason.CAPTURE_THREW.name()).counter().count());
            double age = registry.get("cutwatch.job.last.completed.age").tag("job", "watch").gauge().value();
            assertTrue(age >= 0.015, "no run completed in the last 20 ms of virtual time: " + age);
        }
        assertTrue(registry.getMeters().isEmpty(), names(registry));
    }

    @Test
    void healthIsUpThenDegradedByFailuresThenDownWithoutSnapshotsOrWithLostProcesses() {
        AtomicBoolean broken = new AtomicBoolean();
        Cutwatch cw = app(31, broken);
        MeterRegistry registry = new SimpleMeterRegistry();
        Map<String, String> lost = new java.util.concurrent.ConcurrentHashMap<>();
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw, 4)) {
            HealthCheck health = metrics.health().expectSnapshotEvery(Duration.ofMillis(10)).missedPeriods(3)
                    .maxFailureRate(0.5).lostProcesses(() -> lost).build();
            assertEquals(HealthReport.Status.UP, health.report().status());
            cw.simulation().await(cw.snapshots().initiate("a"));
            assertEquals(new HealthReport(HealthReport.Status.UP, java.util.List.of()), health.report());

            broken.set(true);
            for (int i = 0; i < 3; i++) {
                assertThrows(SnapshotFailedException.class, () -> cw.simulation().await(cw.snapshots().initiate("a")));
            }
            HealthReport degraded = health.report();
            assertEquals(HealthReport.Status.DEGRADED, degraded.status(), degraded.toJson());
            assertEquals("failure-rate", degraded.reasons().get(0).check());
            assertTrue(degraded.reasons().get(0).message().contains("75% of the last 4"), degraded.toJson());

            cw.simulation().runFor(Duration.ofMillis(40));
            HealthReport stale = health.report();
            assertEquals(HealthReport.Status.DOWN, stale.status(), stale.toJson());
            assertEquals("no-recent-snapshot", stale.reasons().get(0).check());

            lost.put("c", "member m3 (127.0.0.1:5703) left the cluster; processes [c] were hosted there");
            HealthReport down = health.report();
            assertEquals(HealthReport.Status.DOWN, down.status());
            assertEquals("processes-lost", down.reasons().get(0).check());
            assertTrue(down.reasons().get(0).message().contains("member m3"), down.toJson());
            assertEquals(down, HealthReport.fromJson(down.toJson()));
            assertTrue(down.toJson().startsWith("{\"status\":\"DOWN\",\"reasons\":[{\"check\":\"processes-lost\""),
                    down.toJson());
        }
    }

    @Test
    void aJobThatDoesNotTickOnThisMemberDoesNotMakeItsHealthDown() {
        Cutwatch cw = app(41, new AtomicBoolean());
        DetectionJobs jobs = DetectionJobs.on(cw);
        DetectionJob ticking = jobs.define("here").detectors("in-transit").every(Duration.ofMillis(5))
                .snapshotTimeout(Duration.ofMillis(50)).build();
        jobs.define("elsewhere").detectors("in-transit").every(Duration.ofMillis(5)).build();
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(new SimpleMeterRegistry(), cw)) {
            metrics.bindJobs(jobs);
            HealthCheck health = metrics.health().build();
            ticking.start();
            cw.simulation().runFor(Duration.ofMillis(60));
            assertEquals(HealthReport.Status.UP, health.report().status(), health.report().toJson());
            ticking.stop();
            jobs.job("elsewhere").tick();
            cw.simulation().runFor(Duration.ofMillis(60));
            HealthReport stale = health.report();
            assertEquals(HealthReport.Status.DOWN, stale.status(), stale.toJson());
            assertEquals(java.util.List.of("job elsewhere"), stale.reasons().stream()
                    .map(r -> r.details().get("of")).toList(), stale.toJson());
        }
    }

    private static double count(MeterRegistry registry, String name, String job) {
        return registry.get(name).tag("job", job).functionCounter().count();
    }

    private static String names(MeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId).map(Object::toString).toList().toString();
    }
}
