package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelNotInTopologyException;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written executions with exactly known snapshots, on bare engines. */
class ChandyLamportScenarioTest {

    @Test
    void twoProcessesWithMessagesInFlightBothWays() {
        ManualNetwork net = new ManualNetwork(Topology.complete("p", "q"));
        net.send("p", "q", "m1");       // in flight p->q when p records
        net.send("q", "p", "m2");       // in flight q->p when p records
        net.initiate("p", 7);           // p records [sent m1]; marker p->q queued behind m1
        net.send("p", "q", "m3");       // after p's recording: outside the cut
        assertEquals("m1", net.deliver("p", "q"));
        assertEquals("marker 7", net.deliver("p", "q")); // q records [sent m2, got m1]; marker q->p
        assertEquals("m2", net.deliver("q", "p"));        // p is recording q->p: in transit
        assertEquals("marker 7", net.deliver("q", "p"));  // closes q->p; p is done
        assertEquals("m3", net.deliver("p", "q"));

        GlobalSnapshot<List<String>> s = net.assemble(7);
        assertEquals(List.of("sent m1"), s.state("p"));
        assertEquals(List.of("sent m2", "got m1"), s.state("q"));
        assertEquals(List.of(), s.channel("p", "q"));
        assertEquals(List.of("m2"), s.channel("q", "p"));
        assertEquals(VectorClock.of(1, 0), s.frontier().get("p"));
        assertEquals(VectorClock.of(1, 2), s.frontier().get("q"));
        assertEquals(2, net.markersSent);
    }

    @Test
    void markerOvertakesOnOneChannelAndTrailsOnAnother() {
        ManualNetwork net = new ManualNetwork(Topology.complete("p", "q", "r"));
        net.send("p", "q", "a");        // p->q: a, then marker
        net.initiate("p", 1);
        net.send("p", "r", "b");        // p->r: marker, then b (sent after the recording)
        net.deliver("p", "r");          // r records [] on the marker
        net.deliver("p", "r");          // r gets b: outside the cut, and not in transit
        net.deliver("p", "q");          // q gets a before its marker: inside the cut
        net.deliver("p", "q");          // q records [got a]
        net.drain();

        GlobalSnapshot<List<String>> s = net.assemble(1);
        assertEquals(List.of("sent a"), s.state("p"));
        assertEquals(List.of("got a"), s.state("q"));
        assertEquals(List.of(), s.state("r"));
        assertEquals(0, s.inTransitCount());
        assertEquals(6, net.markersSent);
    }

    @Test
    void ringRecordsTheMessageChasingTheMarker() {
        ManualNetwork net = new ManualNetwork(Topology.ring("a", "b", "c"));
        net.initiate("a", 3);            // a records []; marker a->b
        net.send("c", "a", "x");         // c, not yet reached, sends x to a
        net.deliver("a", "b");           // b records []; marker b->c
        net.deliver("b", "c");           // c records [sent x]; marker c->a behind x
        assertEquals("x", net.deliver("c", "a"));  // a records x on c->a
        assertEquals("marker 3", net.deliver("c", "a"));

        GlobalSnapshot<List<String>> s = net.assemble(3);
        assertEquals(List.of(), s.state("a"));
        assertEquals(List.of(), s.state("b"));
        assertEquals(List.of("sent x"), s.state("c"));
        assertEquals(List.of("x"), s.channel("c", "a"));
        assertEquals(3, net.markersSent);
    }

    @Test
    void concurrentSnapshotsFromDifferentInitiatorsAreRecordedIndependently() {
        ManualNetwork net = new ManualNetwork(Topology.complete("p", "q"));
        net.initiate("p", 1);
        net.send("q", "p", "m");
        net.initiate("q", 2);            // q records [sent m] for 2; marker 2 on q->p behind m
        net.drain();

        GlobalSnapshot<List<String>> one = net.assemble(1);
        GlobalSnapshot<List<String>> two = net.assemble(2);
        assertEquals(List.of("sent m"), one.state("q"));
        assertEquals(List.of("m"), one.channel("q", "p"));  // p recorded before m, q sent it before 1's marker
        assertEquals(List.of("got m"), two.state("p"));      // m precedes marker 2 on q->p
        assertEquals(List.of(), two.channel("q", "p"));
        assertEquals(4, net.markersSent);
    }

    @Test
    void singleProcessCompletesAtOnce() {
        ChandyLamport<String> e = new ChandyLamport<>("solo", List.of(), List.of());
        Effects<String> fx = e.initiate(1, () -> "state", VectorClock.zero(1));
        assertEquals(List.of(), fx.markersToSend());
        assertEquals("state", fx.completed().orElseThrow().state());
    }

    @Test
    void secondMarkerOnAChannelIsRejected() {
        Topology t = Topology.complete("p", "q", "r");
        ChandyLamport<String> q = new ChandyLamport<>("q", t.inbound("q"), t.outbound("q"));
        VectorClock z = VectorClock.zero(3);
        q.onMarker(ChannelId.of("p", "q"), 5, () -> "s", z);
        DuplicateMarkerException dup = assertThrows(DuplicateMarkerException.class,
                () -> q.onMarker(ChannelId.of("p", "q"), 5, () -> "s", z));
        assertTrue(dup.getMessage().contains("p->q") && dup.getMessage().contains("5"), dup.getMessage());
        // still completes normally with the marker from r
        assertTrue(q.onMarker(ChannelId.of("r", "q"), 5, () -> "s", z).completed().isPresent());
        // and a marker after completion is a duplicate too
        assertThrows(DuplicateMarkerException.class, () -> q.onMarker(ChannelId.of("r", "q"), 5, () -> "s", z));
    }

    @Test
    void reusedSnapshotIdIsRefused() {
        Topology t = Topology.complete("p", "q");
        ChandyLamport<String> p = new ChandyLamport<>("p", t.inbound("p"), t.outbound("p"));
        p.initiate(9, () -> "s", VectorClock.zero(2));
        SnapshotIdInUseException e = assertThrows(SnapshotIdInUseException.class,
                () -> p.initiate(9, () -> "s", VectorClock.zero(2)));
        assertTrue(e.getMessage().contains("9") && e.getMessage().contains("p"), e.getMessage());
    }

    @Test
    void markerOnAChannelOutsideTheTopologyIsRefused() {
        Topology ring = Topology.ring("a", "b", "c");
        ChandyLamport<String> a = new ChandyLamport<>("a", ring.inbound("a"), ring.outbound("a"));
        ChannelNotInTopologyException e = assertThrows(ChannelNotInTopologyException.class,
                () -> a.onMarker(ChannelId.of("b", "a"), 1, () -> "s", VectorClock.zero(3)));
        assertTrue(e.getMessage().contains("b->a"), e.getMessage());
    }

    @Test
    void throwingCaptureFailsTheSnapshotButStillForwardsMarkers() {
        Topology t = Topology.complete("p", "q", "r");
        ChandyLamport<String> q = new ChandyLamport<>("q", t.inbound("q"), t.outbound("q"));
        Effects<String> fx = q.onMarker(ChannelId.of("p", "q"), 4, () -> {
            throw new IllegalStateException("disk on fire");
        }, VectorClock.zero(3));
        assertEquals(t.outbound("q"), fx.markersToSend());
        assertTrue(fx.failure().orElseThrow().detail().contains("disk on fire"), fx.failure().toString());
        assertEquals(FailureReason.CAPTURE_THREW, fx.failure().orElseThrow().reason());
        assertEquals(Set.of("q"), fx.failure().orElseThrow().processes());
        Effects<String> last = q.onMarker(ChannelId.of("r", "q"), 4, () -> "unused", VectorClock.zero(3));
        assertTrue(last.completed().isEmpty() && last.failure().isEmpty(), "failure is reported once, never a piece");

        // At the initiator the same: a failure in the effects, markers still sent, reported once.
        ChandyLamport<String> p = new ChandyLamport<>("p", t.inbound("p"), t.outbound("p"));
        Effects<String> started = p.initiate(1, () -> {
            throw new IllegalStateException("boom");
        }, VectorClock.zero(3));
        SnapshotFailedException e = new SnapshotFailedException(started.failure().orElseThrow());
        assertTrue(e.getMessage().contains("boom") && e.getMessage().contains("p"), e.getMessage());
        assertEquals(FailureReason.CAPTURE_THREW, e.reason());
        assertEquals(Set.of("p"), e.failure().processes());
        assertEquals(t.outbound("p"), started.markersToSend());
        assertTrue(started.completed().isEmpty());
        assertTrue(p.onMarker(ChannelId.of("q", "p"), 1, () -> "unused", VectorClock.zero(3)).failure().isEmpty());
        Effects<String> end = p.onMarker(ChannelId.of("r", "p"), 1, () -> "unused", VectorClock.zero(3));
        assertTrue(end.completed().isEmpty() && end.failure().isEmpty(), "failure is reported once, never a piece");
    }

    @Test
    void failAllFailsInFlightSnapshotsOnce() {
        Topology t = Topology.complete("p", "q");
        ChandyLamport<String> p = new ChandyLamport<>("p", t.inbound("p"), t.outbound("p"));
        p.initiate(1, () -> "s", VectorClock.zero(2));
        LongFunction<SnapshotFailure> gap = sid -> SnapshotFailure.ofChannel(sid, FailureReason.CHANNEL_FAULT,
                ChannelId.of("q", "p"), "gap on q->p");
        List<SnapshotFailure> failed = p.failAll(gap);
        assertEquals(List.of(1L), failed.stream().map(SnapshotFailure::snapshotId).toList());
        assertEquals(Set.of(ChannelId.of("q", "p")), failed.get(0).channels());
        assertEquals(List.of(), p.failAll(gap));
        Effects<String> fx = p.onMarker(ChannelId.of("q", "p"), 1, () -> "s", VectorClock.zero(2));
        assertTrue(fx.completed().isEmpty() && fx.failure().isEmpty());
    }

    @Test
    void inconsistentCutIsAnErrorNeverAResult() {
        Topology t = Topology.complete("p", "q");
        // q's frontier knows 2 events of p, but p recorded after 1: a message from outside the cut was received.
        Map<String, VectorClock> frontier = Map.of("p", VectorClock.of(1, 0), "q", VectorClock.of(2, 1));
        InconsistentCutException e = assertThrows(InconsistentCutException.class,
                () -> GlobalSnapshot.requireConsistent(3, t, frontier));
        assertEquals("q", e.knower());
        assertEquals("p", e.known());
        LocalSnapshot<String> lp = new LocalSnapshot<>(3, "p", "s", Map.of(ChannelId.of("q", "p"), List.of()),
                VectorClock.of(1, 0));
        LocalSnapshot<String> lq = new LocalSnapshot<>(3, "q", "s", Map.of(ChannelId.of("p", "q"), List.of()),
                VectorClock.of(2, 1));
        assertThrows(InconsistentCutException.class, () -> GlobalSnapshot.assemble(3, t, List.of(lp, lq)));
        InconsistentCutException missing = assertThrows(InconsistentCutException.class,
                () -> GlobalSnapshot.assemble(3, t, List.of(lp)));
        assertTrue(missing.getMessage().contains("[q]"), missing.getMessage());
    }
}
