package io.cutwatch.snapshot;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.Detector;
import io.cutwatch.detect.DetectorRunner;
import io.cutwatch.detect.MessageView;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.SnapshotReader;
import io.cutwatch.detect.StateView;
import io.cutwatch.detect.Verdict;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recorded messages decoded on first read: once, equal to eager decoding, from any thread, failures typed. */
class RecordedMessagesTest {
    private static final ChannelId AB = ChannelId.of("a", "b");

    /** A decoder that counts its calls and returns fresh objects, so a second decode would be visible. */
    private static RecordedMessages counting(AtomicInteger calls, int n) {
        return new RecordedMessages(7, AB, n, () -> {
            calls.incrementAndGet();
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new StringBuilder("m").append(i).toString());
            }
            return out;
        });
    }

    @Test
    void sizeNeedsNoDecodingAndTheFirstReadDecodesOnceEqualToEagerDecoding() {
        AtomicInteger calls = new AtomicInteger();
        RecordedMessages msgs = counting(calls, 3);
        assertEquals(3, msgs.size());
        assertFalse(msgs.isEmpty());
        assertFalse(msgs.isDecoded());
        assertEquals(0, calls.get(), "size() must not decode");

        Object first = msgs.get(0);
        assertTrue(msgs.isDecoded());
        assertEquals(List.of("m0", "m1", "m2"), msgs);
        assertEquals(List.of("m0", "m1", "m2"), new ArrayList<>(msgs));
        assertEquals("[m0, m1, m2]", msgs.toString());
        assertEquals(List.of("m0", "m1", "m2").hashCode(), msgs.hashCode());
        assertSame(first, msgs.get(0), "a later read sees the same decoded object");
        assertEquals(1, calls.get());
        assertThrows(IndexOutOfBoundsException.class, () -> msgs.get(3));
        assertThrows(UnsupportedOperationException.class, () -> msgs.add("x"));
    }

    @Test
    void concurrentFirstReadsDecodeOnceAndAllSeeTheSameObjects() throws Exception {
        int threads = 8;
        for (int trial = 0; trial < 50; trial++) {
            AtomicInteger calls = new AtomicInteger();
            RecordedMessages msgs = counting(calls, 64);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Object[]>> seen = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    seen.add(pool.submit(() -> {
                        go.await();
                        return msgs.toArray();
                    }));
                }
                go.countDown();
                Object[] reference = seen.get(0).get(10, TimeUnit.SECONDS);
                for (Future<Object[]> f : seen) {
                    Object[] got = f.get(10, TimeUnit.SECONDS);
                    assertEquals(64, got.length);
                    for (int i = 0; i < got.length; i++) {
                        assertSame(reference[i], got[i], "trial " + trial + ", message " + i);
                    }
                }
                assertEquals(1, calls.get(), "trial " + trial + ": decoded more than once");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aDecoderFailureIsTypedNamesSnapshotAndChannelOnEveryReadAndIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException cause = new IllegalStateException("class com.example.Gone not found");
        RecordedMessages msgs = new RecordedMessages(42, AB, 2, () -> {
            calls.incrementAndGet();
            throw cause;
        });
        assertEquals(2, msgs.size());
        for (int i = 0; i < 3; i++) {
            UndecodableMessagesException e = assertThrows(UndecodableMessagesException.class, () -> msgs.get(1));
            assertEquals(42, e.snapshotId());
            assertEquals(AB, e.channel());
            assertSame(cause, e.getCause());
            assertEquals("snapshot 42: the messages recorded in transit on " + AB
                    + " cannot be decoded: class com.example.Gone not found", e.getMessage());
        }
        assertThrows(UndecodableMessagesException.class, () -> msgs.iterator().next());
        assertEquals("[2 messages that cannot be decoded: class com.example.Gone not found]", msgs.toString());
        assertTrue(msgs.isDecoded());
        assertEquals(1, calls.get());
    }

    @Test
    void aDecoderThatReturnsAnotherCountFailsTyped() {
        RecordedMessages msgs = new RecordedMessages(3, AB, 2, () -> List.of("only one"));
        UndecodableMessagesException e = assertThrows(UndecodableMessagesException.class, () -> msgs.get(0));
        assertTrue(e.getMessage().contains("decoded 1 messages where 2 were recorded"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RecordedMessages(3, AB, -1, List::of));
    }

    /** A two-process snapshot whose channel a -> b holds {@code recorded}. */
    private static GlobalSnapshot<Object> snapshotWith(List<Object> recorded) {
        Topology t = Topology.complete("a", "b");
        LocalSnapshot<Object> a = new LocalSnapshot<>(5, "a", "state a", Map.of(ChannelId.of("b", "a"), List.of()),
                VectorClock.of(new long[] {1, 0}));
        LocalSnapshot<Object> b = new LocalSnapshot<>(5, "b", "state b", Map.of(AB, recorded),
                VectorClock.of(new long[] {0, 1}));
        return GlobalSnapshot.assemble(5, t, List.of(a, b));
    }

    @Test
    void anAssembledSnapshotCountsWithoutDecodingAndReadersSeeTheDecodedMessages() {
        AtomicInteger calls = new AtomicInteger();
        GlobalSnapshot<Object> s = snapshotWith(counting(calls, 3));
        assertEquals(3, s.inTransitCount());
        assertTrue(s.toString().contains("inTransit=3"));
        assertEquals(0, calls.get(), "assembling and counting must not decode");
        var view = SnapshotReader.of(Object.class, StateView.of(x -> x), MessageView.ofType(String.class, m -> m))
                .read(s);
        assertEquals(List.of("m0", "m1", "m2"), view.inTransit().stream().map(m -> m.view()).toList());
        assertEquals(List.of("m0", "m1", "m2"), s.channel("a", "b"));
        assertEquals(1, calls.get());
    }

    @Test
    void aDetectorReadingUndecodableMessagesGetsAFailedReportNamingThemNotACrash() {
        GlobalSnapshot<Object> s = snapshotWith(new RecordedMessages(5, AB, 1, () -> {
            throw new IllegalArgumentException("filter refused class com.example.Gadget");
        }));
        Detector<DetectionResult> reads = new Detector<>() {
            @Override
            public String name() {
                return "reads-messages";
            }

            @Override
            public DetectionResult detect(GlobalSnapshot<?> snapshot) {
                SnapshotReader.of(Object.class, StateView.of(x -> x), MessageView.ofType(String.class, m -> m))
                        .read(snapshot);
                throw new AssertionError("reading undecodable messages must fail");
            }
        };
        Report r = DetectorRunner.runOne("job", s, reads);
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("UndecodableMessagesException", r.failure().type());
        assertEquals("snapshot 5: the messages recorded in transit on a->b cannot be decoded:"
                + " filter refused class com.example.Gadget", r.failure().message());
    }
}
