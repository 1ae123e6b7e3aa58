package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.process.Context;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot stalled by a paused receiver on another member, explained across the cluster before
 * its timeout: the assembling member's own view cannot say what the paused process waits for
 * (it is hosted elsewhere); {@code inspect} asks that member and names the process, the channel
 * and what waits on it; once the receiver resumes, the snapshot completes and conserves.
 */
class SnapshotInspectTest {
    static final long TOKENS = 1_000;
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-inspect", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void aPausedReceiverElsewhereIsNamedWithItsChannelBeforeTheTimeout() throws Exception {
        long seed = TestMembers.seed("inspect");
        Topology topology = Topology.complete("p0", "p1", "p2");
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, HazelcastOptions.defaults("inspect-" + Long.toHexString(seed))
                    .withThreads(2).withSeed(seed)));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean pauseP2 = new AtomicBoolean(false);
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicReference<Throwable> appError = new AtomicReference<>();
        try {
            for (int i = 0; i < 3; i++) {
                String id = topology.process(i);
                cws.get(i).process(id, new long[] {TOKENS})
                        .capture(s -> s[0])
                        .onStart((s, ctx) -> tick(s, ctx, running))
                        .onMessage((s, from, payload, ctx) -> {
                            s[0] += (Long) payload;
                            if (id.equals("p2") && pauseP2.get() && paused.getCount() > 0) {
                                paused.countDown();
                                try {
                                    // The receiver pauses inside a handler: its thread does nothing else.
                                    if (!resume.await(60, TimeUnit.SECONDS)) {
                                        appError.set(new AssertionError("never resumed"));
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        })
                        .start();
            }
            // A snapshot first, to be sure everything runs.
            GlobalSnapshot<Long> warm = cws.get(0).snapshots().<Long>initiate("p0").get(30, TimeUnit.SECONDS);
            assertEquals(3 * TOKENS, total(warm), "seed " + seed);

            pauseP2.set(true);
            assertTrue(paused.await(30, TimeUnit.SECONDS), "p2 paused");
            Cutwatch assembler = cws.get(0);
            CompletableFuture<GlobalSnapshot<Long>> stalled = assembler.snapshots().initiate("p0", Duration.ofSeconds(90));
            long id = assembler.snapshots().inFlight().iterator().next();

            AtomicReference<SnapshotProgress> seen = new AtomicReference<>();
            await("the stall explained across the cluster").atMost(Duration.ofSeconds(30)).until(() -> {
                Optional<SnapshotProgress> p = assembler.snapshots().inspect(id).get(10, TimeUnit.SECONDS);
                if (p.isEmpty()) {
                    return false;
                }
                SnapshotProgress sp = p.get();
                seen.set(sp);
                ChannelBacklog into = sp.backlogs().get(ChannelId.of("p0", "p2"));
                return sp.awaitingMarkers().size() == 3 && into != null && into.unprocessedItems() > 0;
            });
            assertFalse(stalled.isDone(), "explained before any timeout");
            SnapshotProgress sp = seen.get();
            System.out.println("inspect(" + id + "): " + sp.describe());
            // p0 and p1 recorded but wait for p2's markers; p2 has not handled the marker behind its backlog.
            assertEquals(Set.of("p0", "p1", "p2"), sp.missing(), sp.describe());
            assertEquals(Set.of(ChannelId.of("p2", "p0")), sp.awaitingMarkers().get("p0"), sp.describe());
            assertEquals(Set.of(ChannelId.of("p2", "p1")), sp.awaitingMarkers().get("p1"), "told by member 1: "
                    + sp.describe());
            assertEquals(Set.of(), sp.awaitingMarkers().get("p2"), "told by member 2: " + sp.describe());
            assertTrue(sp.describe().contains("p2 has not received a marker"), sp.describe());
            assertTrue(sp.describe().contains("p1 awaits markers on [p2->p1]"), sp.describe());
            assertTrue(sp.describe().contains("p0->p2: "), sp.describe());
            assertTrue(sp.describe().contains("unprocessed by p2"), sp.describe());

            SnapshotProgress local = assembler.snapshots().progress(id).orElseThrow();
            assertEquals(Set.of("p0"), local.awaitingMarkers().keySet(),
                    "member 0 alone can tell only about p0: " + local.describe());
            assertEquals(0, local.backlogs().get(ChannelId.of("p0", "p2")).unprocessedItems(),
                    "the receiving side of p0->p2 is read on member 2 only");

            resume.countDown();
            GlobalSnapshot<Long> done = stalled.get(60, TimeUnit.SECONDS);
            assertEquals(3 * TOKENS, total(done), "seed " + seed);
            assertEquals(Optional.empty(), assembler.snapshots().inspect(id).get(10, TimeUnit.SECONDS),
                    "nothing to inspect once completed");
            assertEquals(null, appError.get());
        } finally {
            running.set(false);
            resume.countDown();
            cws.forEach(Cutwatch::close);
        }
    }

    private static long total(GlobalSnapshot<Long> s) {
        long sum = 0;
        for (String p : s.processes()) {
            sum += s.state(p);
        }
        for (List<Object> inTransit : s.channels().values()) {
            for (Object m : inTransit) {
                sum += (Long) m;
            }
        }
        return sum;
    }

    private static void tick(long[] s, Context ctx, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        if (s[0] > 0) {
            List<String> ns = ctx.neighbours();
            long amount = 1 + ctx.random().nextInt((int) Math.min(10, s[0]));
            s[0] -= amount;
            ctx.send(ns.get(ctx.random().nextInt(ns.size())), amount);
        }
        ctx.schedule(Duration.ofMillis(2), () -> tick(s, ctx, running));
    }
}
