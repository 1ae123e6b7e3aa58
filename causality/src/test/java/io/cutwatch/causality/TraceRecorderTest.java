package io.cutwatch.causality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceRecorderTest {

    @Test
    void disabledRecorderIgnoresEverythingAndIsShared() {
        TraceRecorder off = TraceRecorder.disabled();
        assertSame(off, TraceRecorder.disabled());
        assertFalse(off.isEnabled());
        // returns at once: not even invalid arguments are looked at
        off.record(null, null, null, null, null);
        off.record("nobody", EventKind.SEND, null, null, null, new Object());
        off.local("x", null);
        off.initial("x", null);
        assertEquals(0, off.eventCount());
        IllegalStateException e = assertThrows(IllegalStateException.class, off::toTrace);
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
    }

    @Test
    void enabledRecorderValidatesArguments() {
        TraceRecorder r = TraceRecorder.create(List.of("p", "q"));
        assertTrue(r.isEnabled());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> r.local("z", null));
        assertEquals("unknown process 'z'; the recorder knows [p, q]", unknown.getMessage());
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
                () -> r.record("p", EventKind.SEND, null, null, null));
        assertEquals("SEND event p0 has no message id", noId.getMessage());
        IllegalArgumentException localWithId = assertThrows(IllegalArgumentException.class,
                () -> r.record("p", EventKind.LOCAL, "m", null, null));
        assertTrue(localWithId.getMessage().startsWith("local event p0 names a message"));
        assertEquals(0, r.eventCount());
    }

    @Test
    void valuesAreNormalisedToJsonValues() {
        TraceRecorder r = TraceRecorder.create(List.of("p"));
        r.local("p", Map.of("i", 3, "f", 1.5f, "list", List.of(1, "a"), "e", EventKind.SEND));
        Map<String, Object> vars = r.toTrace().event("p0").variables();
        assertEquals(3L, vars.get("i"));
        assertEquals(1.5d, vars.get("f"));
        assertEquals(List.of(1L, "a"), vars.get("list"));
        assertEquals("SEND", vars.get("e"));
    }

    /** Processes on their own threads exchange messages; the snapshot has every event in program order. */
    @Test
    void concurrentRecordingKeepsEachProcesssOrder() throws Exception {
        int n = 4;
        int rounds = 500;
        List<String> ids = List.of("a", "b", "c", "d");
        TraceRecorder r = TraceRecorder.create(ids);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String me = ids.get(i);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < rounds; k++) {
                        r.local(me, Map.of("k", k));
                        r.send(me, me + "#" + k, Map.of("k", k), null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Trace t = r.toTrace();
        assertEquals(n * rounds * 2, t.eventCount());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rounds; k++) {
                assertEquals((long) k, t.event(i, 2 * k).variables().get("k"));
                assertEquals(ids.get(i) + "#" + k, t.event(i, 2 * k + 1).messageId());
            }
        }
    }

    @Test
    void aSnapshotWithAReceiveBeforeItsSendIsRejectedClearly() {
        TraceRecorder r = TraceRecorder.create(List.of("p", "q"));
        r.receive("q", "p->q#1", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::toTrace);
        assertEquals("event q0 receives message 'p->q#1' that no event of the trace sends", e.getMessage());
        r.send("p", "p->q#1", null, null);
        assertEquals(2, r.toTrace().eventCount());
    }
}
