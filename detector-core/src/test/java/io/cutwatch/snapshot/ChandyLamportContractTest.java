package io.cutwatch.snapshot;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.ChannelNotInTopologyException;
import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's contract as a third party driving it from its own transport relies on it:
 * arguments checked at the call, a queryable status per id, a defined marker order, consistent
 * answers for unknown channels and throwing captures, and bounded memory with a defined answer.
 */
class ChandyLamportContractTest {
    private static final Topology FOUR = Topology.complete("p", "q", "r", "s");
    private static final VectorClock Z = VectorClock.zero(4);
    private static final Supplier<String> STATE = () -> "state";

    private static ChandyLamport<String> engine(String self) {
        return new ChandyLamport<>(self, FOUR.inbound(self), FOUR.outbound(self));
    }

    private static ChannelId ch(String from, String to) {
        return ChannelId.of(from, to);
    }

    /** Drives snapshot {@code id} at p to completion: initiate, then a marker on every incoming channel. */
    private static Effects<String> complete(ChandyLamport<String> p, long id) {
        Effects<String> fx = p.initiate(id, STATE, Z);
        for (ChannelId c : p.inbound()) {
            fx = p.onMarker(c, id, STATE, Z);
        }
        return fx;
    }

    // ---- 1. a null clock is rejected at the call ----

    @Test
    void nullClockIsRejectedAtTheCallNamingTheArgument() {
        ChandyLamport<String> p = engine("p");
        NullPointerException atInitiate = assertThrows(NullPointerException.class, () -> p.initiate(1, STATE, null));
        assertTrue(atInitiate.getMessage().contains("clock") && atInitiate.getMessage().contains("p"),
                atInitiate.getMessage());
        assertEquals(SnapshotStatus.UNKNOWN, p.status(1), "a refused call changes nothing");
        assertEquals(List.of(), p.inFlight());

        NullPointerException firstMarker = assertThrows(NullPointerException.class,
                () -> p.onMarker(ch("q", "p"), 2, STATE, null));
        assertTrue(firstMarker.getMessage().contains("clock"), firstMarker.getMessage());
        assertEquals(SnapshotStatus.UNKNOWN, p.status(2));

        // Also on a later marker, where the clock would not be used: the contract is the call's.
        p.onMarker(ch("q", "p"), 3, STATE, Z);
        assertThrows(NullPointerException.class, () -> p.onMarker(ch("r", "p"), 3, STATE, null));
        assertEquals(Set.of(ch("r", "p"), ch("s", "p")), p.awaitingMarkers(3), "the refused marker closed nothing");

        NullPointerException capture = assertThrows(NullPointerException.class, () -> p.initiate(4, null, Z));
        assertTrue(capture.getMessage().contains("capture"), capture.getMessage());
        assertThrows(NullPointerException.class, () -> p.onMarker(null, 5, STATE, Z));
        assertThrows(NullPointerException.class, () -> p.onMessage(ch("q", "p"), null));
        assertThrows(IllegalArgumentException.class, () -> p.onMarker(ch("q", "p"), -1, STATE, Z));
    }

    @Test
    void soloProcessWithNullClockFailsAtTheCallNotAtCompletion() {
        ChandyLamport<String> solo = new ChandyLamport<>("solo", List.of(), List.of());
        NullPointerException e = assertThrows(NullPointerException.class, () -> solo.initiate(1, STATE, null));
        assertTrue(e.getMessage().contains("clock"), e.getMessage());
        assertEquals(SnapshotStatus.UNKNOWN, solo.status(1));
        assertEquals("state", solo.initiate(1, STATE, VectorClock.zero(1)).completed().orElseThrow().state());
    }

    // ---- 2. a queryable status per id; awaitingMarkers unambiguous ----

    @Test
    void statusFollowsEachSnapshotIdThroughItsLife() {
        ChandyLamport<String> p = engine("p");
        assertEquals(SnapshotStatus.UNKNOWN, p.status(7));
        assertFalse(p.isInFlight(7));
        assertThrows(IllegalArgumentException.class, () -> p.awaitingMarkers(7), "unknown is not 'nothing awaited'");

        p.initiate(7, STATE, Z);
        assertEquals(SnapshotStatus.RECORDING, p.status(7));
        assertTrue(p.isInFlight(7));
        assertEquals(List.copyOf(p.awaitingMarkers(7)), List.of(ch("q", "p"), ch("r", "p"), ch("s", "p")));
        p.onMarker(ch("s", "p"), 7, STATE, Z);
        p.onMarker(ch("q", "p"), 7, STATE, Z);
        assertEquals(Set.of(ch("r", "p")), p.awaitingMarkers(7));
        assertTrue(p.onMarker(ch("r", "p"), 7, STATE, Z).completed().isPresent());

        assertEquals(SnapshotStatus.COMPLETED, p.status(7), "completion stays queryable after the effects");
        assertFalse(p.isInFlight(7));
        assertEquals(Set.of(), p.awaitingMarkers(7), "finished: nothing awaited");
        assertEquals(SnapshotStatus.UNKNOWN, p.status(8));
        assertThrows(IllegalArgumentException.class, () -> p.awaitingMarkers(8));
        assertThrows(IllegalArgumentException.class, () -> p.status(-1));
    }

    @Test
    void failedSnapshotsAreFailedWhileInFlightAndAfter() {
        ChandyLamport<String> q = engine("q");
        q.onMarker(ch("p", "q"), 1, () -> {
            throw new IllegalStateException("no state");
        }, Z);
        assertEquals(SnapshotStatus.FAILED, q.status(1));
        assertTrue(q.isInFlight(1), "still absorbing the markers due");
        assertEquals(Set.of(ch("r", "q"), ch("s", "q")), q.awaitingMarkers(1));
        q.onMarker(ch("r", "q"), 1, STATE, Z);
        q.onMarker(ch("s", "q"), 1, STATE, Z);
        assertEquals(SnapshotStatus.FAILED, q.status(1));
        assertEquals(Set.of(), q.awaitingMarkers(1));

        q.initiate(2, STATE, Z);
        assertEquals(1, q.failAll(id -> SnapshotFailure.ofChannel(id, FailureReason.CHANNEL_FAULT, ch("p", "q"),
                "gap")).size());
        assertEquals(SnapshotStatus.FAILED, q.status(2));
        assertTrue(q.isInFlight(2));
    }

    // ---- 3. marker order is canonical; channel lists are checked ----

    @Test
    void markersGoOutInCanonicalOrderWhateverCollectionIsPassed() {
        List<ChannelId> canonical = List.of(ch("p", "q"), ch("p", "r"), ch("p", "s"));
        List<ChannelId> reversed = new ArrayList<>(canonical);
        java.util.Collections.reverse(reversed);
        List<Collection<ChannelId>> shapes = List.of(canonical, reversed, new HashSet<>(reversed),
                new LinkedHashSet<>(List.of(ch("p", "r"), ch("p", "s"), ch("p", "q"))), Set.copyOf(canonical));
        for (Collection<ChannelId> outbound : shapes) {
            ChandyLamport<String> p = new ChandyLamport<>("p", FOUR.inbound("p"), outbound);
            assertEquals(canonical, p.outbound());
            assertEquals(canonical, p.initiate(1, STATE, Z).markersToSend(), "outbound given as " + outbound);
            List<ChannelId> inReverse = new ArrayList<>(FOUR.inbound("q"));
            java.util.Collections.reverse(inReverse);
            ChandyLamport<String> q = new ChandyLamport<>("q", inReverse, outbound.stream()
                    .map(c -> ch("q", c.to().equals("q") ? "p" : c.to())).toList());
            assertEquals(List.of(ch("q", "p"), ch("q", "r"), ch("q", "s")),
                    q.onMarker(ch("s", "q"), 1, STATE, Z).markersToSend());
            assertEquals(List.of(ch("p", "q"), ch("r", "q")), List.copyOf(q.awaitingMarkers(1)));
        }
    }

    @Test
    void duplicateForeignAndNullChannelsAreRejectedWithClearMessages() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new ChandyLamport<String>("p", List.of(), List.of(ch("p", "q"), ch("p", "r"), ch("p", "q"))));
        assertTrue(twice.getMessage().contains("p->q") && twice.getMessage().contains("twice"), twice.getMessage());
        IllegalArgumentException twiceIn = assertThrows(IllegalArgumentException.class,
                () -> new ChandyLamport<String>("p", List.of(ch("q", "p"), ch("q", "p")), List.of()));
        assertTrue(twiceIn.getMessage().contains("incoming") && twiceIn.getMessage().contains("q->p"),
                twiceIn.getMessage());

        IllegalArgumentException foreignOut = assertThrows(IllegalArgumentException.class,
                () -> new ChandyLamport<String>("p", List.of(), List.of(ch("q", "r"))));
        assertTrue(foreignOut.getMessage().contains("q->r") && foreignOut.getMessage().contains("start at p"),
                foreignOut.getMessage());
        IllegalArgumentException foreignIn = assertThrows(IllegalArgumentException.class,
                () -> new ChandyLamport<String>("p", List.of(ch("p", "q")), List.of()));
        assertTrue(foreignIn.getMessage().contains("p->q") && foreignIn.getMessage().contains("end at p"),
                foreignIn.getMessage());

        List<ChannelId> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> new ChandyLamport<String>("p", withNull, List.of()));
        assertThrows(NullPointerException.class, () -> new ChandyLamport<String>("p", null, List.of()));
        assertThrows(NullPointerException.class, () -> new ChandyLamport<String>(null, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ChandyLamport<String>("p", List.of(), List.of(), 0));
    }

    // ---- 4. unknown channels are refused by onMessage as by onMarker ----

    @Test
    void messageOnAChannelThatIsNotIncomingHereIsRefusedLikeAMarker() {
        Topology ring = Topology.ring("a", "b", "c");
        ChandyLamport<String> a = new ChandyLamport<>("a", ring.inbound("a"), ring.outbound("a"));
        a.initiate(1, STATE, VectorClock.zero(3));
        for (ChannelId wrong : List.of(ch("b", "a"), ch("a", "b"), ch("b", "c"))) {
            ChannelNotInTopologyException onMessage = assertThrows(ChannelNotInTopologyException.class,
                    () -> a.onMessage(wrong, "m"));
            assertTrue(onMessage.getMessage().contains(wrong.toString()) && onMessage.getMessage().contains("at a"),
                    onMessage.getMessage());
            assertEquals(wrong, onMessage.channel());
            ChannelNotInTopologyException onMarker = assertThrows(ChannelNotInTopologyException.class,
                    () -> a.onMarker(wrong, 1, STATE, VectorClock.zero(3)));
            assertTrue(onMarker.getMessage().contains(wrong.toString()) && onMarker.getMessage().contains("at a"),
                    onMarker.getMessage());
        }
        a.onMessage(ch("c", "a"), "kept");
        LocalSnapshot<String> done = a.onMarker(ch("c", "a"), 1, STATE, VectorClock.zero(3)).completed().orElseThrow();
        assertEquals(List.of("kept"), done.channels().get(ch("c", "a")), "refused messages were not recorded");
    }

    // ---- 5. a throwing capture: same answer at initiate and at a first marker ----

    @Test
    void throwingCaptureAtTheInitiatorFailsOnceAndEveryOtherRecordingFinishes() {
        ManualNetwork net = new ManualNetwork(Topology.complete("p", "q", "r"));
        net.brokenCapture.add("p");
        net.send("q", "p", "m");
        net.initiate("p", 5);
        assertEquals(1, net.failures.size(), "the failure is in the effects of initiate");
        SnapshotFailure f = net.failures.get(0);
        assertEquals(FailureReason.CAPTURE_THREW, f.reason());
        assertEquals(Set.of("p"), f.processes());
        assertTrue(f.detail().contains("capture of p is broken"), f.detail());
        assertEquals(2, net.markersSent, "markers still go out on every outgoing channel");
        net.drain();

        assertEquals(1, net.failures.size(), "reported exactly once");
        for (String proc : List.of("p", "q", "r")) {
            assertEquals(List.of(), net.engines.get(proc).inFlight(), proc + " holds no recording");
        }
        assertEquals(SnapshotStatus.FAILED, net.engines.get("p").status(5));
        assertEquals(SnapshotStatus.COMPLETED, net.engines.get("q").status(5));
        assertEquals(List.of("q", "r"), net.pieces.stream().map(LocalSnapshot::processId).sorted().toList());
        assertThrows(InconsistentCutException.class, () -> net.assemble(5), "the snapshot fails at the assembler");
    }

    @Test
    void throwingCaptureAtAFirstMarkerAnswersLikeInitiate() {
        Supplier<String> broken = () -> {
            throw new IllegalStateException("broken");
        };
        Effects<String> atInitiate = engine("p").initiate(1, broken, Z);
        Effects<String> atMarker = engine("p").onMarker(ch("q", "p"), 1, broken, Z);
        for (Effects<String> fx : List.of(atInitiate, atMarker)) {
            assertEquals(List.of(ch("p", "q"), ch("p", "r"), ch("p", "s")), fx.markersToSend());
            assertEquals(FailureReason.CAPTURE_THREW, fx.failure().orElseThrow().reason());
            assertTrue(fx.failure().orElseThrow().detail().contains("broken"));
            assertTrue(fx.completed().isEmpty());
        }
    }

    @Test
    void markersOfAFailedRecordingAreAbsorbedQuietly() {
        ChandyLamport<String> p = engine("p");
        p.initiate(1, () -> {
            throw new IllegalStateException("broken");
        }, Z);
        p.initiate(2, STATE, Z);
        p.onMessage(ch("q", "p"), "m");
        for (ChannelId c : p.inbound()) {
            Effects<String> two = p.onMarker(c, 2, STATE, Z);
            Effects<String> one = p.onMarker(c, 1, STATE, Z);
            assertTrue(one.completed().isEmpty() && one.failure().isEmpty() && one.markersToSend().isEmpty());
            two.completed().ifPresent(piece -> assertEquals(List.of("m"), piece.channels().get(ch("q", "p"))));
        }
        assertEquals(SnapshotStatus.COMPLETED, p.status(2));
    }

    // ---- 6. bounded memory with a defined answer for forgotten ids ----

    @Test
    void lateDuplicateMarkerBeyondTheDefaultMemoryIsRefusedNotRecorded() {
        ChandyLamport<String> p = engine("p");
        assertEquals(ChandyLamport.DEFAULT_REMEMBERED_IDS, p.rememberedIds());
        int n = ChandyLamport.DEFAULT_REMEMBERED_IDS + 1;
        for (long id = 0; id < n; id++) {
            complete(p, id);
        }
        assertEquals(0, p.forgottenUpTo());
        assertEquals(SnapshotStatus.FORGOTTEN, p.status(0));
        assertEquals(SnapshotStatus.COMPLETED, p.status(1));
        ForgottenSnapshotException e = assertThrows(ForgottenSnapshotException.class,
                () -> p.onMarker(ch("q", "p"), 0, STATE, Z));
        assertTrue(e.getMessage().contains("snapshot 0") && e.getMessage().contains("q->p")
                && e.getMessage().contains("at p"), e.getMessage());
        assertEquals(List.of(), p.inFlight(), "no phantom recording");
        assertEquals(SnapshotStatus.FORGOTTEN, p.status(0));
        assertThrows(DuplicateMarkerException.class, () -> p.onMarker(ch("q", "p"), 1, STATE, Z));
    }

    @Test
    void theMemoryBoundIsConfigurableAndTheHorizonIsDefined() {
        ChandyLamport<String> p = new ChandyLamport<>("p", FOUR.inbound("p"), FOUR.outbound("p"), 2);
        assertEquals(-1, p.forgottenUpTo());
        p.initiate(3, STATE, Z);                  // stays in flight throughout
        complete(p, 10);
        complete(p, 20);
        assertEquals(-1, p.forgottenUpTo(), "two finished ids fit");
        complete(p, 30);
        assertEquals(10, p.forgottenUpTo(), "the smallest finished id is forgotten and becomes the horizon");
        assertEquals(SnapshotStatus.FORGOTTEN, p.status(10));
        assertEquals(SnapshotStatus.FORGOTTEN, p.status(5), "never seen, but below the horizon");
        assertEquals(SnapshotStatus.UNKNOWN, p.status(11));
        assertEquals(SnapshotStatus.COMPLETED, p.status(20));
        assertEquals(SnapshotStatus.RECORDING, p.status(3), "in flight wins over the horizon");
        assertThrows(IllegalArgumentException.class, () -> p.awaitingMarkers(10));

        ForgottenSnapshotException initiate = assertThrows(ForgottenSnapshotException.class,
                () -> p.initiate(5, STATE, Z));
        assertTrue(initiate.getMessage().contains("<= 10") && initiate.channel().isEmpty(), initiate.getMessage());
        ForgottenSnapshotException marker = assertThrows(ForgottenSnapshotException.class,
                () -> p.onMarker(ch("r", "p"), 10, STATE, Z));
        assertEquals(ch("r", "p"), marker.channel().orElseThrow());
        assertEquals(10, marker.forgottenUpTo());
        assertEquals("p", marker.processId());
        assertEquals(List.of(3L), p.inFlight());
        assertThrows(SnapshotIdInUseException.class, () -> p.initiate(20, STATE, Z));

        // The in-flight snapshot below the horizon still completes normally, and is then forgotten.
        Effects<String> fx = null;
        for (ChannelId c : p.inbound()) {
            fx = p.onMarker(c, 3, STATE, Z);
        }
        assertTrue(fx.completed().isPresent());
        assertEquals(SnapshotStatus.FORGOTTEN, p.status(3));
        assertThrows(ForgottenSnapshotException.class, () -> p.onMarker(ch("q", "p"), 3, STATE, Z));

        assertTrue(p.initiate(11, STATE, Z).completed().isEmpty(), "ids above the horizon start as usual");
        assertEquals(SnapshotStatus.RECORDING, p.status(11));
    }
}
