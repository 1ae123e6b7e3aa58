package io.cutwatch.metrics.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.cutwatch.Cutwatch;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.metrics.HealthCheck;
import io.cutwatch.metrics.HealthReport;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.TokenApp;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three loopback members, one process each; the meters and the health on member 0 while it takes
 * snapshots, then after member 2 is killed. Own cluster: the test kills one of its members.
 */
class ClusterMetricsTest {
    static final long TOKENS = 1_000;
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.startWithFastFailureDetection("cw-metrics", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void metersCountSnapshotsAndChannelsAndHealthTurnsDownNamingTheKilledMember() throws Exception {
        long seed = System.nanoTime();
        Topology topology = Topology.complete("p0", "p1", "p2");
        HazelcastOptions options = HazelcastOptions.defaults("metrics-" + Long.toHexString(seed)).withThreads(2)
                .withSeed(seed);
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, options));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        HazelcastInstance doomed = members.get(2);
        String doomedUuid = doomed.getCluster().getLocalMember().getUuid().toString();
        Cutwatch cw = cws.get(0);
        MeterRegistry registry = new SimpleMeterRegistry();
        MeterRegistry byProcess = new SimpleMeterRegistry();
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw);
             ChannelMeters channels = ChannelMeters.bind(registry, cw, 100, Duration.ZERO);
             ChannelMeters perProcess = ChannelMeters.bind(byProcess, cw, 0, Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                TokenApp.start(cws.get(i), topology.process(i), TOKENS, Integer.MAX_VALUE, Duration.ofMillis(5),
                        running::get);
            }
            channels.refresh();
            perProcess.refresh();
            HealthCheck health = metrics.health()
                    .lostProcesses(HazelcastCutwatch.backend(cw)::lostProcesses).build();

            int taken = 3;
            long expectedBytes = 0;
            for (int i = 0; i < taken; i++) {
                GlobalSnapshot<TokenApp.TokenState> s = cw.snapshots()
                        .<TokenApp.TokenState>initiate("p0", Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
                assertEquals(topology.processes(), s.processes(), "seed " + seed);
                expectedBytes += encodedSize(members.get(0), s);
            }
            assertEquals(taken, registry.get("cutwatch.snapshot.bytes").summary().count(), "seed " + seed);
            assertEquals(expectedBytes, (long) registry.get("cutwatch.snapshot.bytes").summary().totalAmount(),
                    "seed " + seed + ": the states and in-transit messages of the snapshots, serialized");
            assertEquals(taken, registry.get("cutwatch.snapshots.started").counter().count(), "seed " + seed);
            assertEquals(taken, registry.get("cutwatch.snapshots.completed").counter().count(), "seed " + seed);
            assertEquals(taken, registry.get("cutwatch.snapshot.latency").timer().count(), "seed " + seed);
            assertEquals(0, registry.get("cutwatch.snapshots.failed").counters().stream()
                    .mapToDouble(c -> c.count()).sum(), "seed " + seed);
            assertEquals(0, registry.get("cutwatch.snapshots.in.flight").gauge().value());
            assertTrue(registry.get("cutwatch.markers.sent").functionCounter().count() >= 2 * taken,
                    "p0 initiated and sent a marker on each outgoing channel");
            assertTrue(channels.taggedByChannel());
            await("p0 sends and receives").atMost(Duration.ofSeconds(30)).until(() ->
                    registry.get("cutwatch.channel.sent").tag("channel", "p0->p1").functionCounter().count() > 0
                            && registry.get("cutwatch.channel.delivered").tag("channel", "p1->p0")
                            .functionCounter().count() > 0);
            assertTrue(registry.find("cutwatch.channel.sent").tag("channel", "p1->p2").functionCounter() == null,
                    "no meters for a channel with no end on this member");
            assertFalse(perProcess.taggedByChannel());
            assertTrue(byProcess.get("cutwatch.channel.sent").tag("process", "p0").functionCounter().count() > 0);
            assertTrue(byProcess.find("cutwatch.channel.sent").tag("channel", "p0->p1").functionCounter() == null);
            assertEquals(0, registry.get("cutwatch.processes.lost").gauge().value());
            assertEquals(HealthReport.Status.UP, health.report().status(), health.report().toJson());

            doomed.getLifecycleService().terminate();
            await("member 0 notices the loss").atMost(Duration.ofSeconds(30))
                    .until(() -> registry.get("cutwatch.processes.lost").gauge().value() == 1);
            CompletableFuture<GlobalSnapshot<Object>> next = cw.snapshots().initiate("p0", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(next::isDone);
            ExecutionException e = assertThrows(ExecutionException.class, () -> next.get(1, TimeUnit.SECONDS));
            SnapshotFailedException failure = assertInstanceOf(SnapshotFailedException.class, e.getCause());
            assertEquals(FailureReason.MEMBER_LOST, failure.reason(), "seed " + seed + ": " + failure);

            assertEquals(taken + 1, registry.get("cutwatch.snapshots.started").counter().count());
            assertEquals(taken, registry.get("cutwatch.snapshots.completed").counter().count());
            assertEquals(1, registry.get("cutwatch.snapshots.failed").tag("reason", "MEMBER_LOST").counter().count());
            assertEquals(1, registry.get("cutwatch.snapshots.failed").counters().stream()
                    .mapToDouble(c -> c.count()).sum());

            HealthReport report = health.report();
            assertEquals(HealthReport.Status.DOWN, report.status(), report.toJson());
            HealthReport.Reason lost = report.reasons().get(0);
            assertEquals("processes-lost", lost.check(), report.toJson());
            assertTrue(lost.message().contains(doomedUuid) && lost.message().contains("p2"), report.toJson());
            assertEquals(List.of("p2"), List.copyOf(lost.details().keySet()));
            assertTrue(report.toJson().contains(doomedUuid), report.toJson());
        } finally {
            running.set(false);
            cws.forEach(Cutwatch::close);
        }
        assertTrue(registry.getMeters().isEmpty() && byProcess.getMeters().isEmpty(), "closing unbinds");
    }

    /** The serialized size of what {@code s} recorded: every state and every message in transit. */
    private static long encodedSize(HazelcastInstance member, GlobalSnapshot<?> s) {
        SerializationService ser = ((SerializationServiceSupport) member).getSerializationService();
        long n = 0;
        for (String p : s.processes()) {
            n += ser.toData(s.state(p)).toByteArray().length;
        }
        for (var channel : s.channels().values()) {
            for (Object m : channel) {
                n += ser.toData(m).toByteArray().length;
            }
        }
        return n;
    }
}
