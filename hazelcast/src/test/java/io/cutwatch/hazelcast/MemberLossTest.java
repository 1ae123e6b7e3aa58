package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.TokenApp;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.SnapshotFailedException;
import io.cutwatch.snapshot.SnapshotTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A member terminated in the middle of a snapshot. Own cluster: the test kills one of its members. */
class MemberLossTest {
    static final long TOKENS = 1_000;
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-loss", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void snapshotsNeedingAProcessOfALostMemberFailPromptlyAndTheSurvivorsSnapshotAgain() throws Exception {
        long seed = TestMembers.seed("MemberLossTest");
        Topology topology = Topology.complete("p0", "p1", "p2", "p3");
        String[] host = {"p0", "p1", "p2", "p0"};
        HazelcastOptions options = HazelcastOptions.defaults("loss1-" + Long.toHexString(seed)).withThreads(2)
                .withSeed(seed);
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, options));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch gate = new CountDownLatch(1);
        HazelcastInstance doomed = members.get(2);
        String doomedUuid = doomed.getCluster().getLocalMember().getUuid().toString();
        try {
            for (int i = 0; i < 4; i++) {
                TokenApp.start(cws.get(i == 3 ? 0 : i), topology.process(i), TOKENS, Integer.MAX_VALUE,
                        Duration.ofMillis(5), running::get);
            }
            assertEquals(host.length, topology.size());
            // p2 (on the doomed member) is busy, so the snapshot cannot finish before the member dies.
            cws.get(2).<TokenApp.Tokens>process("p2").tell((s, ctx) -> {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<GlobalSnapshot<TokenApp.TokenState>> inFlight =
                    cws.get(0).snapshots().initiate("p0", Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(10)).until(() -> cws.get(0).process("p0").stats().markersSent() == 3);
            assertFalse(inFlight.isDone(), "seed " + seed + ": the snapshot finished before the member was lost");

            doomed.getLifecycleService().terminate();

            await().atMost(Duration.ofSeconds(15)).until(inFlight::isDone);
            SnapshotFailedException failure = failureOf(inFlight);
            assertFalse(failure instanceof SnapshotTimeoutException, "seed " + seed + ": failed by timeout: " + failure);
            assertTrue(failure.getMessage().contains(doomedUuid) && failure.getMessage().contains("[p2]"),
                    "seed " + seed + ": reason should name the member and its processes: " + failure.getMessage());
            assertEquals(FailureReason.MEMBER_LOST, failure.reason(), "seed " + seed + ": " + failure);
            assertEquals(Set.of("p2"), failure.failure().processes(), "seed " + seed + ": " + failure);
            assertTrue(failure.failure().member().orElseThrow().contains(doomedUuid), "seed " + seed + ": " + failure);
            assertEquals(0, cws.get(0).snapshots().inFlight().size());

            // The same Cutwatch still needs p2: later snapshots fail at once, naming it.
            CompletableFuture<GlobalSnapshot<Object>> next = cws.get(1).snapshots().initiate("p1", Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(15)).until(next::isDone);
            SnapshotFailedException again = failureOf(next);
            assertFalse(again instanceof SnapshotTimeoutException, "seed " + seed + ": " + again);
            assertTrue(again.getMessage().contains("p2"), "seed " + seed + ": " + again.getMessage());
            assertEquals(FailureReason.MEMBER_LOST, again.reason(), "seed " + seed + ": " + again);
            assertTrue(again.failure().processes().contains("p2"), "seed " + seed + ": " + again);
            // Initiating at the lost process itself names the member that left, not "not hosted".
            SnapshotFailedException atLost = failureOf(cws.get(0).snapshots().initiate("p2", Duration.ofSeconds(120)));
            assertEquals(FailureReason.MEMBER_LOST, atLost.reason(), "seed " + seed + ": " + atLost);
            assertTrue(atLost.failure().member().orElseThrow().contains(doomedUuid), "seed " + seed + ": " + atLost);
            assertEquals(List.of("p2"), List.copyOf(HazelcastCutwatch.backend(cws.get(0)).lostProcesses().keySet()));
        } finally {
            running.set(false);
            gate.countDown();
            cws.forEach(Cutwatch::close);
        }
        HazelcastCutwatch.destroy(members.get(0), options.namespace(), topology);
        assertTrue(members.get(0).getDistributedObjects().stream().noneMatch(o -> o.getName().contains(options.namespace())),
                "seed " + seed + ": structures of " + options.namespace() + " left after destroy");

        // Dropping p2: the survivors run on as a new topology (new namespace) and snapshot again.
        Topology survivors = Topology.complete("p0", "p1", "p3");
        HazelcastOptions options2 = HazelcastOptions.defaults("loss2-" + Long.toHexString(seed)).withThreads(2)
                .withSeed(seed);
        List<Cutwatch> cws2 = List.of(HazelcastCutwatch.on(members.get(0), survivors, options2),
                HazelcastCutwatch.on(members.get(1), survivors, options2));
        AtomicBoolean running2 = new AtomicBoolean(true);
        try {
            TokenApp.start(cws2.get(0), "p0", TOKENS, Integer.MAX_VALUE, Duration.ofMillis(5), running2::get);
            TokenApp.start(cws2.get(1), "p1", TOKENS, Integer.MAX_VALUE, Duration.ofMillis(5), running2::get);
            TokenApp.start(cws2.get(0), "p3", TOKENS, Integer.MAX_VALUE, Duration.ofMillis(5), running2::get);
            GlobalSnapshot<TokenApp.TokenState> s = cws2.get(1).snapshots()
                    .<TokenApp.TokenState>initiate("p3", Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
            long sum = s.states().values().stream().mapToLong(TokenApp.TokenState::tokens).sum();
            for (List<Object> msgs : s.channels().values()) {
                for (Object m : msgs) {
                    sum += ((TokenApp.Transfer) m).amount();
                }
            }
            assertEquals(List.of("p0", "p1", "p3"), s.processes(), "seed " + seed);
            assertEquals(3 * TOKENS, sum, "seed " + seed + ": tokens not conserved in " + s);
        } finally {
            running2.set(false);
            cws2.forEach(Cutwatch::close);
        }
    }

    static SnapshotFailedException failureOf(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
        return assertInstanceOf(SnapshotFailedException.class, e.getCause());
    }
}
