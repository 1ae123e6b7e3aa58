package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Member loss after the lost member's piece was already stored, with the other pieces arriving
 * after the loss (docs/hazelcast.md: every snapshot in flight fails with MEMBER_LOST, even one
 * that has the lost processes' pieces, because it may await markers they wrote but their member
 * never flushed). Never a completed snapshot; the failure names the member and its process.
 * Own cluster: the test kills one of its members.
 */
class MemberLossAfterPiecesTest {
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-loss-late", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void aSnapshotHoldingTheLostMembersPieceFailsNamingItAndLatePiecesCompleteNothing() throws Exception {
        long seed = TestMembers.seed("MemberLossAfterPiecesTest");
        // A ring p0 -> p2 -> p1 -> p0: p2 records (and stores its piece) on p0's marker alone, while
        // p0 still awaits p1's marker. p2 lives on the member that is lost.
        Topology topology = Topology.of(List.of("p0", "p1", "p2"),
                List.of(ChannelId.of("p0", "p2"), ChannelId.of("p2", "p1"), ChannelId.of("p1", "p0")));
        HazelcastOptions options = HazelcastOptions.defaults("late-" + Long.toHexString(seed)).withThreads(2)
                .withSeed(seed);
        List<Cutwatch> cws = new ArrayList<>();
        List<GlobalSnapshot<?>> completed = new CopyOnWriteArrayList<>();
        for (HazelcastInstance m : members) {
            Cutwatch cw = HazelcastCutwatch.on(m, topology, options);
            cw.snapshots().onSnapshot(completed::add);
            cws.add(cw);
        }
        CountDownLatch gate = new CountDownLatch(1);
        HazelcastInstance doomed = members.get(2);
        String doomedUuid = doomed.getCluster().getLocalMember().getUuid().toString();
        try {
            for (int i = 0; i < 3; i++) {
                cws.get(i).process("p" + i, new long[1]).capture(long[]::clone)
                        .onMessage((s, from, p, ctx) -> s[0]++).start();
            }
            // p1 is busy, so the snapshot stays in flight after p2 has recorded and stored its piece.
            cws.get(1).<long[]>process("p1").tell((s, ctx) -> {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<GlobalSnapshot<long[]>> inFlight =
                    cws.get(0).snapshots().initiate("p0", Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(10)).until(() -> !cws.get(0).snapshots().inFlight().isEmpty()
                    || inFlight.isDone());
            long sid = cws.get(0).snapshots().inFlight().iterator().next();
            HazelcastBackend assembler = HazelcastCutwatch.backend(cws.get(0));
            await("p2's piece stored").atMost(Duration.ofSeconds(15)).until(() ->
                    assembler.pieces().containsKey(new PieceKey(sid, "p2")));
            // p2's marker to p1 is in a (backed-up) ringbuffer before the member goes, so p1 can
            // still record later: p2 sends nothing else on that channel. An idle channel's marker
            // is written on the marker link of the member pair (its copy in the channel's own
            // ringbuffer only goes out in front of a later envelope).
            com.hazelcast.ringbuffer.Ringbuffer<Object> p2p1 =
                    members.get(0).getRingbuffer(assembler.channelName(ChannelId.of("p2", "p1")));
            com.hazelcast.ringbuffer.Ringbuffer<Object> link = members.get(0).getRingbuffer(
                    MarkerLink.name("cutwatch." + options.namespace() + ".", doomedUuid,
                            members.get(1).getCluster().getLocalMember().getUuid().toString()));
            await("p2's marker to p1 written").atMost(Duration.ofSeconds(15))
                    .until(() -> p2p1.tailSequence() >= 0 || link.tailSequence() >= 0);
            assertFalse(inFlight.isDone(), "seed " + seed + ": the snapshot finished while p1 was busy");

            doomed.getLifecycleService().terminate();

            await().atMost(Duration.ofSeconds(15)).until(inFlight::isDone);
            SnapshotFailedException failure = MemberLossTest.failureOf(inFlight);
            assertFalse(failure instanceof SnapshotTimeoutException, "seed " + seed + ": " + failure);
            assertEquals(FailureReason.MEMBER_LOST, failure.reason(), "seed " + seed + ": " + failure);
            assertEquals(Set.of("p2"), failure.failure().processes(), "seed " + seed + ": " + failure);
            assertTrue(failure.failure().member().orElseThrow().contains(doomedUuid), "seed " + seed + ": " + failure);

            // p1 records now, then p0: their pieces arrive after the loss, and with p2's stored piece
            // they cover the topology; still nothing may complete.
            gate.countDown();
            await("p1 recorded").atMost(Duration.ofSeconds(15))
                    .until(() -> cws.get(1).process("p1").stats().localSnapshots() == 1);
            await("p0 recorded").atMost(Duration.ofSeconds(15))
                    .until(() -> cws.get(0).process("p0").stats().localSnapshots() == 1);
            await("no snapshot completes").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> completed.isEmpty() && cws.get(0).snapshots().stats().completed() == 0
                            && cws.get(1).snapshots().stats().completed() == 0);
            assertEquals(1, cws.get(0).snapshots().stats().failed(), "seed " + seed);
            assertTrue(cws.get(0).snapshots().inFlight().isEmpty(), "seed " + seed);
        } finally {
            gate.countDown();
            cws.forEach(Cutwatch::close);
        }
    }
}
