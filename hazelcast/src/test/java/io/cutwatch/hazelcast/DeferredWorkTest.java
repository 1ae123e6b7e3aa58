package io.cutwatch.hazelcast;

import io.cutwatch.channel.Envelope;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-offs deferred to the end of a unit: a process is woken once per unit, and batching the
 * wake-ups never reorders a channel, even with its messages racing its early markers.
 */
class DeferredWorkTest {

    @Test
    void aUnitWakesEachProcessOnceWhenItEndsAndRunsEachDeferralOnce() {
        List<Runnable> submitted = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            SerialExecutor p = new SerialExecutor("p", submitted::add, timer);
            SerialExecutor q = new SerialExecutor("q", submitted::add, timer);
            List<String> ran = new ArrayList<>();
            assertTrue(DeferredWork.open());
            assertFalse(DeferredWork.open(), "a nested unit is the outer one");
            for (int i = 0; i < 10; i++) {
                int k = i;
                p.execute(() -> ran.add("p" + k));
                q.execute(() -> ran.add("q" + k));
            }
            assertEquals(0, submitted.size(), "woken before the unit ended");
            DeferredWork.close();
            assertEquals(2, submitted.size(), "one wake-up per process for 20 tasks");
            submitted.forEach(Runnable::run);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("p" + i);
            }
            for (int i = 0; i < 10; i++) {
                expected.add("q" + i);
            }
            assertEquals(expected, ran, "each process's tasks ran once, in submission order");
            // Outside a unit the wake-up is immediate.
            p.execute(() -> ran.add("late"));
            assertEquals(3, submitted.size());
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void closeRunsEveryDeferralEvenIfOneThrowsAndRethrowsTheFirst() {
        List<String> ran = new ArrayList<>();
        Object a = new Object();
        Object b = new Object();
        assertFalse(DeferredWork.defer(a, () -> ran.add("now")), "no unit open: the caller does it");
        assertTrue(DeferredWork.open());
        assertTrue(DeferredWork.defer(a, () -> {
            throw new IllegalStateException("first");
        }));
        assertTrue(DeferredWork.defer(b, () -> ran.add("b")));
        assertTrue(DeferredWork.defer(a, () -> ran.add("a again")), "a second deferral for a is dropped");
        IllegalStateException e = assertThrows(IllegalStateException.class, DeferredWork::close);
        assertEquals("first", e.getMessage());
        assertEquals(List.of("b"), ran);
        assertTrue(DeferredWork.open(), "the unit closed despite the exception");
        DeferredWork.close();
    }

    /**
     * K channels into one process. Each channel's stream (messages and the stream copies of its
     * markers) is handed over by its own thread, as a channel reader does; the early copies of
     * the markers come from a link thread that hands over one marker per channel per unit, as a
     * marker link item does. Whatever the interleaving, the process sees every channel's
     * envelopes exactly once, in sequence order.
     */
    @Test
    void batchedMarkerWakeUpsKeepEveryChannelInOrderWithMessagesRacingThem() throws Exception {
        int channels = 8;
        int perChannel = 400;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            for (long seed = 1; seed <= 12; seed++) {
                runRace(seed, channels, perChannel, pool, timer);
            }
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static void runRace(long seed, int channels, int perChannel, ExecutorService pool,
                                ScheduledExecutorService timer) throws Exception {
        Random rnd = new Random(seed);
        AtomicInteger wakeUps = new AtomicInteger();
        SerialExecutor process = new SerialExecutor("p", r -> {
            wakeUps.incrementAndGet();
            pool.execute(r);
        }, timer);
        ConcurrentLinkedQueue<Envelope> seen = new ConcurrentLinkedQueue<>();
        List<InboundChannel> ins = new ArrayList<>();
        List<List<Envelope>> streams = new ArrayList<>();
        // Markers of snapshot k sit at the same position of every channel's stream (k-th marker).
        List<List<Envelope>> markersBySnapshot = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            ChannelId id = ChannelId.of("s" + c, "p");
            ins.add(new InboundChannel(id, e -> process.execute(() -> seen.add(e))));
            List<Envelope> stream = new ArrayList<>();
            int k = 0;
            for (long s = 1; s <= perChannel; s++) {
                boolean marker = rnd.nextInt(5) == 0;
                Envelope e = marker ? Envelope.marker(id, s, VectorClock.zero(1), k) : Envelope.message(id, s,
                        VectorClock.zero(1), "m" + s);
                if (marker) {
                    while (markersBySnapshot.size() <= k) {
                        markersBySnapshot.add(new ArrayList<>());
                    }
                    markersBySnapshot.get(k).add(e);
                    k++;
                }
                stream.add(e);
            }
            streams.add(stream);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            InboundChannel in = ins.get(c);
            List<Envelope> stream = streams.get(c);
            threads.add(new Thread(() -> {
                await(go);
                for (Envelope e : stream) {
                    boolean unit = DeferredWork.open();
                    try {
                        in.fromChannel(e);
                    } finally {
                        if (unit) {
                            DeferredWork.close();
                        }
                    }
                }
            }));
        }
        threads.add(new Thread(() -> {
            await(go);
            for (List<Envelope> item : markersBySnapshot) {
                boolean unit = DeferredWork.open();
                try {
                    for (Envelope m : item) {
                        ins.get(Integer.parseInt(m.channel().from().substring(1))).fromLink(m);
                    }
                } finally {
                    if (unit) {
                        DeferredWork.close();
                    }
                }
            }
        }));
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < channels * perChannel && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long[] last = new long[channels];
        int[] count = new int[channels];
        for (Envelope e : seen) {
            int c = Integer.parseInt(e.channel().from().substring(1));
            assertEquals(last[c] + 1, e.seq(), "seed " + seed + ": channel " + e.channel() + " handed seq " + e.seq()
                    + " after " + last[c]);
            last[c] = e.seq();
            count[c]++;
        }
        for (int c = 0; c < channels; c++) {
            assertEquals(perChannel, count[c], "seed " + seed + ": envelopes of channel s" + c + " handed over");
        }
        assertTrue(wakeUps.get() <= channels * perChannel + markersBySnapshot.size(), "seed " + seed
                + ": more wake-ups than units");
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
