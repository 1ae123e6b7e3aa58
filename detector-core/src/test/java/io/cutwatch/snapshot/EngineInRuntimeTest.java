package io.cutwatch.snapshot;

import io.cutwatch.Cutwatch;
import io.cutwatch.channel.Envelope;
import io.cutwatch.channel.Transport;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.process.ProcessStats;
import io.cutwatch.runtime.Backend;
import io.cutwatch.runtime.CoreEndpoint;
import io.cutwatch.runtime.ProcessExecutor;
import io.cutwatch.runtime.SnapshotCollector;
import io.cutwatch.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the runtime makes of the engine's answers: a throwing capture at the initiator is
 * published exactly once and every other process finishes its recording; a marker of a
 * forgotten snapshot is rejected and counted, never recorded.
 */
class EngineInRuntimeTest {

    /** The simulator, with every failure the processes publish written down. */
    private static final class CountingBackend implements Backend {
        final Simulation sim;
        final List<SnapshotFailure> published = new ArrayList<>();

        CountingBackend(long seed) {
            this.sim = new Simulation(seed);
        }

        @Override
        public void bind(CoreEndpoint core) {
            sim.bind(core);
        }

        @Override
        public Transport transport() {
            return sim.transport();
        }

        @Override
        public ProcessExecutor executor(String processId) {
            return sim.executor(processId);
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            sim.schedule(delay, task);
        }

        @Override
        public SnapshotCollector collector() {
            return new SnapshotCollector() {
                @Override
                public void publish(LocalSnapshot<?> piece) {
                    sim.publish(piece);
                }

                @Override
                public void publishFailure(SnapshotFailure failure) {
                    published.add(failure);
                    sim.publishFailure(failure);
                }
            };
        }

        @Override
        public long nextSnapshotId() {
            return sim.nextSnapshotId();
        }

        @Override
        public Random randomFor(String processId, int index) {
            return sim.randomFor(processId, index);
        }
    }

    @Test
    void throwingCaptureAtTheInitiatorIsPublishedOnceAndTheOthersFinish() {
        Topology t = Topology.complete("a", "b", "c");
        CountingBackend backend = new CountingBackend(11);
        Cutwatch cw = Cutwatch.on(backend, t);
        AtomicBoolean broken = new AtomicBoolean(true);
        for (String id : t.processes()) {
            cw.process(id, new long[] {100})
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
                    .onMessage((s, from, p, ctx) -> s[0] += (Long) p)
                    .start();
        }
        CompletableFuture<GlobalSnapshot<long[]>> f = cw.snapshots().initiate("a");
        SnapshotFailedException e = assertThrows(SnapshotFailedException.class, () -> backend.sim.await(f));
        assertEquals(FailureReason.CAPTURE_THREW, e.reason(), e.getMessage());
        assertEquals(java.util.Set.of("a"), e.failure().processes());
        assertTrue(e.getMessage().contains("capture of a is broken"), e.getMessage());
        backend.sim.runUntilQuiet();

        assertEquals(1, backend.published.size(), "published exactly once: " + backend.published);
        assertEquals(1, cw.snapshots().stats().failed());
        assertEquals(2, cw.process("a").stats().markersSent(), "the initiator still sent its markers");
        for (String id : List.of("b", "c")) {
            ProcessStats s = cw.process(id).stats();
            assertEquals(1, s.localSnapshots(), id + " finished its recording");
        }
        for (String id : t.processes()) {
            assertEquals(java.util.Set.of(), ((io.cutwatch.runtime.LogicalProcess<?>) cw.process(id))
                    .awaitingMarkers(e.snapshotId()), id + " awaits nothing");
        }
        assertEquals(0, cw.process("a").stats().localSnapshots(), "no piece from the process that failed");

        broken.set(false);
        GlobalSnapshot<long[]> ok = backend.sim.await(cw.snapshots().initiate("a"));
        long sum = 0;
        for (long[] s : ok.states().values()) {
            sum += s[0];
        }
        assertEquals(300, sum, "no message was in flight any more");
        assertEquals(1, backend.published.size());
    }

    @Test
    void markerOfAForgottenSnapshotIsRejectedAndCountedNotRecorded() {
        Topology t = Topology.complete("a", "b");
        Simulation sim = new Simulation(12);
        Cutwatch cw = Cutwatch.simulated(t, sim);
        for (String id : t.processes()) {
            cw.process(id, new long[1]).capture(long[]::clone).onMessage((s, from, p, ctx) -> s[0]++).start();
        }
        long first = -1;
        for (int i = 0; i <= ChandyLamport.DEFAULT_REMEMBERED_IDS; i++) {
            long id = sim.await(cw.snapshots().initiate("a")).id();
            first = first < 0 ? id : first;
        }
        sim.runUntilQuiet();
        ProcessStats before = cw.process("b").stats();
        assertEquals(ChandyLamport.DEFAULT_REMEMBERED_IDS + 1, before.localSnapshots());
        // A late duplicate of the first snapshot's marker on a->b, numbered as the channel's next envelope.
        ChannelId ab = ChannelId.of("a", "b");
        sim.inject(Envelope.marker(ab, cw.process("a").stats().markersSent() + 1, VectorClock.zero(2), first),
                Duration.ofMillis(1));
        sim.runUntilQuiet();

        ProcessStats after = cw.process("b").stats();
        assertEquals(before.rejected() + 1, after.rejected(), "rejected and counted");
        assertEquals(before.duplicateMarkers(), after.duplicateMarkers());
        assertEquals(before.channelFaults(), after.channelFaults());
        assertEquals(before.markersSent(), after.markersSent(), "no marker sent for a forgotten snapshot");
        assertEquals(java.util.Set.of(), ((io.cutwatch.runtime.LogicalProcess<?>) cw.process("b"))
                .awaitingMarkers(first), "no phantom recording");
    }
}
