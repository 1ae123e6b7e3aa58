package io.cutwatch.metrics.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.metrics.HealthCheck;
import io.cutwatch.metrics.HealthReport;
import io.cutwatch.model.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stalled receiver on a small window: the sender's backlog and window waits rise, the health
 * turns DEGRADED naming the channel, and all falls back once the receiver runs again.
 */
class BacklogMetricsTest {
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-backlog", 2);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void backlogRisesWhileTheReceiverIsStalledAndFallsAfter() {
        Topology topology = Topology.complete("a", "b");
        HazelcastOptions options = HazelcastOptions.defaults("backlog-" + Long.toHexString(System.nanoTime()))
                .withThreads(2).withChannels(8, 16);
        int count = 20 * 8 * 16;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong arrived = new AtomicLong();
        Cutwatch sender = HazelcastCutwatch.on(members.get(0), topology, options);
        Cutwatch receiver = HazelcastCutwatch.on(members.get(1), topology, options);
        MeterRegistry registry = new SimpleMeterRegistry();
        MeterRegistry receiving = new SimpleMeterRegistry();
        try {
            sender.process("a", new long[1]).capture(long[]::clone).start();
            receiver.process("b", new long[1]).capture(long[]::clone).onMessage((s, from, p, ctx) -> {
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                arrived.incrementAndGet();
            }).start();
            try (CutwatchMetrics metrics = CutwatchMetrics.bind(registry, sender);
                 ChannelMeters channels = ChannelMeters.bind(registry, sender, 100, Duration.ZERO);
                 ChannelMeters received = ChannelMeters.bind(receiving, receiver, 100, Duration.ZERO)) {
                HealthCheck health = metrics.health().check(channels.windowClosedCheck(Duration.ofMillis(200)))
                        .build();
                assertEquals(HealthReport.Status.UP, health.report().status());
                sender.<long[]>process("a").tell((s, ctx) -> {
                    for (int i = 0; i < count; i++) {
                        ctx.send("b", i);
                    }
                });

                await("backlog rises").atMost(Duration.ofSeconds(20)).until(() ->
                        gauge(registry, "cutwatch.channel.backlog") > 0
                                && registry.get("cutwatch.channel.window.waits").tag("channel", "a->b")
                                .functionCounter().count() > 0);
                await("the health notices").atMost(Duration.ofSeconds(20)).until(() ->
                        health.report().status() == HealthReport.Status.DEGRADED);
                HealthReport degraded = health.report();
                assertEquals("window-closed", degraded.reasons().get(0).check(), degraded.toJson());
                assertTrue(degraded.reasons().get(0).message().contains("a->b"), degraded.toJson());
                assertEquals(count, registry.get("cutwatch.channel.sent").tag("channel", "a->b")
                        .functionCounter().count());

                gate.countDown();
                await("backlog falls").atMost(Duration.ofSeconds(60)).until(() ->
                        gauge(registry, "cutwatch.channel.backlog") == 0 && arrived.get() == count);
                assertEquals(count, receiving.get("cutwatch.channel.delivered").tag("channel", "a->b")
                        .functionCounter().count());
                assertEquals(0, receiving.get("cutwatch.channel.lost").tag("channel", "a->b")
                        .functionCounter().count());
                assertEquals(HealthReport.Status.UP, health.report().status(), health.report().toJson());
            }
        } finally {
            gate.countDown();
            sender.close();
            receiver.close();
        }
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tag("channel", "a->b").gauge().value();
    }
}
