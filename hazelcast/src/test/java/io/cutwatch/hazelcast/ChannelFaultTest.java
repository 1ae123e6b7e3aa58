package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.cutwatch.Cutwatch;
import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.hazelcast.SequenceCheck.Numbered;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.process.ProcessStats;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence check on the Hazelcast backend (docs/hazelcast.md: a gap, duplicate or reorder on
 * a channel is a channel fault that fails the snapshots in flight at the receiver; an overwrite
 * past the window shows as {@code lostItems} and then a gap). Three real members: a on member 0,
 * b on member 1, and member 2, which hosts no process, writes well-formed batches to the
 * ringbuffer of a -> b. a is kept busy in a handler so that a snapshot b initiates stays in
 * flight (b waits for a's marker) while the foreign items arrive.
 */
class ChannelFaultTest {
    static final ChannelId AB = ChannelId.of("a", "b");
    static List<HazelcastInstance> members;
    static int namespaces;

    List<Cutwatch> cws;
    CountDownLatch gate;
    List<Long> handledByB;
    Ringbuffer<Object> rb;
    WireCodec codec;
    HazelcastBackend receiver;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-fault", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @BeforeEach
    void startPairWithABusy() {
        HazelcastOptions options = HazelcastOptions.defaults("fault" + (++namespaces) + "-"
                + Long.toHexString(System.nanoTime())).withThreads(2).withChannels(8, 16);
        Topology topology = Topology.complete("a", "b");
        cws = new ArrayList<>();
        cws.add(HazelcastCutwatch.on(members.get(0), topology, options));
        cws.add(HazelcastCutwatch.on(members.get(1), topology, options));
        gate = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        handledByB = new CopyOnWriteArrayList<>();
        cws.get(0).process("a", new long[1]).capture(long[]::clone).onMessage((s, from, p, ctx) -> {
            busy.countDown();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        cws.get(1).process("b", new long[1]).capture(long[]::clone)
                .onMessage((s, from, p, ctx) -> handledByB.add(((Numbered) p).n())).start();
        cws.get(1).<long[]>process("b").tell((s, ctx) -> ctx.send("a", new Numbered(0)));
        await("a busy").atMost(Duration.ofSeconds(20)).until(() -> busy.getCount() == 0);
        receiver = HazelcastCutwatch.backend(cws.get(1));
        rb = members.get(2).getRingbuffer(receiver.channelName(AB));
        codec = new WireCodec(members.get(2));
    }

    @AfterEach
    void stop() {
        gate.countDown();
        cws.forEach(Cutwatch::close);
    }

    ProcessStats b() {
        return cws.get(1).process("b").stats();
    }

    /** A snapshot initiated by b that b has recorded (its marker to a is out); a's marker cannot come. */
    CompletableFuture<GlobalSnapshot<long[]>> snapshotInFlight() {
        long markers = b().markersSent();
        CompletableFuture<GlobalSnapshot<long[]>> f = cws.get(1).snapshots().initiate("b", Duration.ofSeconds(60));
        await("b recorded").atMost(Duration.ofSeconds(20)).until(() -> b().markersSent() > markers);
        return f;
    }

    /** A well-formed batch of one message on a -> b, written by member 2 as if by a. */
    void foreign(long seq) {
        rb.add(codec.encode(AB, List.of(Envelope.message(AB, seq, VectorClock.of(seq, 0), new Numbered(seq)))));
    }

    static void assertFailsWithChannelFault(CompletableFuture<GlobalSnapshot<long[]>> f, String what) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS), what);
        SnapshotFailedException failed = assertInstanceOf(SnapshotFailedException.class, e.getCause(), what);
        assertEquals(FailureReason.CHANNEL_FAULT, failed.reason(), what + ": " + failed.failure());
        assertTrue(failed.failure().channels().contains(AB), what + ": " + failed.failure());
    }

    @Test
    void aGapADuplicateAndAReorderEachFailTheSnapshotInFlightAndBKeepsRunning() {
        // b expects seq 1 on a -> b (a has sent nothing there).
        CompletableFuture<GlobalSnapshot<long[]>> first = snapshotInFlight();
        foreign(2);
        assertFailsWithChannelFault(first, "gap (2 where 1 was due)");
        // The fault is counted before the handler runs: wait for both.
        await().atMost(Duration.ofSeconds(20)).until(() -> b().channelFaults() == 1 && !handledByB.isEmpty());
        assertEquals(List.of(2L), handledByB, "a message after a gap is delivered");

        CompletableFuture<GlobalSnapshot<long[]>> second = snapshotInFlight();
        foreign(2);
        assertFailsWithChannelFault(second, "duplicate (2 again)");
        await().atMost(Duration.ofSeconds(20)).until(() -> b().channelFaults() == 2);

        CompletableFuture<GlobalSnapshot<long[]>> third = snapshotInFlight();
        foreign(1);
        assertFailsWithChannelFault(third, "reorder (the missing 1 after 2)");
        await().atMost(Duration.ofSeconds(20)).until(() -> b().channelFaults() == 3);

        // b keeps running: the next in-order message is handled, without another fault.
        foreign(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> handledByB.contains(3L));
        assertEquals(List.of(2L, 1L, 3L), handledByB, "the duplicate is dropped, the reordered one delivered");
        assertEquals(3, b().channelFaults(), b().toString());
        assertEquals(0, b().handlerFailures() + b().rejected(), b().toString());
    }

    @Test
    void anOverwritePastTheWindowFailsTheSnapshotInFlightAsAGap() {
        CompletableFuture<GlobalSnapshot<long[]>> inFlight = snapshotInFlight();
        // A writer ignoring the window overwrites items b has not read (the hold stands in for a
        // reader that falls behind): capacity 8, so items 1..3 of 11 are gone when b reads again.
        receiver.holdReaderForTest(AB, true);
        for (long seq = 1; seq <= 11; seq++) {
            foreign(seq);
        }
        receiver.holdReaderForTest(AB, false);

        assertFailsWithChannelFault(inFlight, "gap after an overwrite");
        await().atMost(Duration.ofSeconds(20)).until(() -> handledByB.size() == 8);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), handledByB, "b reads on from the oldest item");
        assertEquals(1, b().channelFaults(), b().toString());
    }

    /**
     * docs/hazelcast.md and ChannelReader promise that overwritten unread items are counted in
     * {@code lostItems}. Hazelcast's readMany starts a stale read at the head instead of throwing,
     * so the reader counts a first returned sequence beyond the one it asked for.
     */
    @Test
    void anOverwritePastTheWindowIsCountedAsLostItems() {
        CompletableFuture<GlobalSnapshot<long[]>> inFlight = snapshotInFlight();
        receiver.holdReaderForTest(AB, true);
        for (long seq = 1; seq <= 11; seq++) {
            foreign(seq);
        }
        receiver.holdReaderForTest(AB, false);
        assertFailsWithChannelFault(inFlight, "gap after an overwrite");
        await().atMost(Duration.ofSeconds(20)).until(() -> handledByB.size() == 8);
        assertEquals(3, ChannelTest.stats(receiver, AB).lostItems(), ChannelTest.stats(receiver, AB).toString());
    }
}
