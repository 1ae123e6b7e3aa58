package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.hazelcast.allowed.AllowedValue;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.RecordedMessages;
import io.cutwatch.snapshot.UndecodableMessagesException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stored piece's recorded messages are decoded when first read (RecordedMessages): equal to
 * what was recorded, the structure checked when the piece is decoded, an undecodable payload
 * reported typed at read time (and by the store's fetch, which decodes fully), never run.
 */
class StoredPieceDecodingTest {
    record Transfer(String to, long amount) {
    }

    static final Topology TOPOLOGY = Topology.complete("a", "b", "c");
    static List<HazelcastInstance> members;
    static WireCodec codec;

    @BeforeAll
    static void startMember() {
        members = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName("cw-decode")).partitionCount(11)
                .allowPackages("io.cutwatch.hazelcast.allowed.").start(1);
        codec = new WireCodec(members.get(0));
    }

    @AfterAll
    static void stopMember() {
        CutwatchMembers.terminate(members);
    }

    static LocalSnapshot<Object> pieceOfC(long sid, List<Object> fromA, List<Object> fromB) {
        Map<ChannelId, List<Object>> channels = new LinkedHashMap<>();
        channels.put(ChannelId.of("a", "c"), fromA);
        channels.put(ChannelId.of("b", "c"), fromB);
        return new LocalSnapshot<>(sid, "c", new AllowedValue("state of c"), channels, VectorClock.of(new long[] {1, 2, 3}));
    }

    @Test
    void recordedMessagesDecodeOnFirstReadEqualToWhatWasRecordedAndToFullDecoding() {
        List<Object> fromA = List.of(new Transfer("c", 5), "note", 42, new AllowedValue("x"), new Transfer("c", 7));
        List<Object> fromB = List.of();
        LocalSnapshot<Object> recorded = pieceOfC(9, fromA, fromB);
        StoredPiece sp = codec.encodePiece(recorded);

        LocalSnapshot<Object> lazy = codec.decodePiece(sp, TOPOLOGY);
        RecordedMessages msgs = assertInstanceOf(RecordedMessages.class, lazy.channels().get(ChannelId.of("a", "c")));
        assertEquals(5, msgs.size());
        assertFalse(msgs.isDecoded(), "decoding the piece must not deserialize its recorded messages");
        assertEquals(recorded.state(), lazy.state());
        assertEquals(recorded.frontier(), lazy.frontier());
        assertEquals(fromA, msgs);
        assertTrue(msgs.isDecoded());
        assertEquals(List.of(), lazy.channels().get(ChannelId.of("b", "c")));

        LocalSnapshot<Object> full = codec.decodePieceFully(sp, TOPOLOGY);
        assertTrue(((RecordedMessages) full.channels().get(ChannelId.of("a", "c"))).isDecoded());
        assertEquals(recorded.channels(), full.channels());
        assertEquals(recorded.channels(), lazy.channels());
    }

    @Test
    void aPayloadOutsideTheAllowListFailsTypedWhenReadAndTheStoreFetchRefusesThePiece() {
        int before = Gadget.DESERIALIZED.get();
        StoredPiece sp = codec.encodePiece(pieceOfC(11, List.of(), List.of(new Transfer("c", 1), new Gadget("calc"))));

        LocalSnapshot<Object> lazy = codec.decodePiece(sp, TOPOLOGY);
        List<Object> fromB = lazy.channels().get(ChannelId.of("b", "c"));
        assertEquals(2, fromB.size());
        UndecodableMessagesException e = assertThrows(UndecodableMessagesException.class, () -> fromB.get(0));
        assertEquals(11, e.snapshotId());
        assertEquals(ChannelId.of("b", "c"), e.channel());
        assertTrue(e.getMessage().startsWith("snapshot 11: the messages recorded in transit on b->c cannot be decoded:"
                + " message 1 cannot be deserialized: "), e.getMessage());
        assertInstanceOf(MalformedWireException.class, e.getCause());

        MalformedWireException f = assertThrows(MalformedWireException.class, () -> codec.decodePieceFully(sp, TOPOLOGY));
        assertTrue(f.getMessage().startsWith("stored piece of c for snapshot 11 cannot be decoded: snapshot 11: the"
                + " messages recorded in transit on b->c cannot be decoded: message 1"), f.getMessage());
        assertEquals(before, Gadget.DESERIALIZED.get(), "the gadget was instantiated");
    }

    @Test
    void aPieceWhoseStructureDoesNotAddUpIsRefusedWhenDecodedNamingPieceAndFault() {
        StoredPiece ok = codec.encodePiece(pieceOfC(12, List.of("one", "two"), List.of("three")));
        assertEquals(3, ok.payloadLengths().length);

        StoredPiece moreCounted = copy(ok, new int[] {2, 2}, ok.payloadLengths(), ok.payloads());
        assertMalformed(moreCounted, "stored piece of c for snapshot 12 counts 2 messages on channel 1 but has 1"
                + " payload lengths left");
        StoredPiece shortPayload = copy(ok, ok.channelCounts(), new int[] {3, ok.payloadLengths()[1],
                ok.payloadLengths()[2] + ok.payloadLengths()[0] - 3}, ok.payloads());
        assertMalformed(shortPayload, "stored piece of c for snapshot 12 has a recorded payload of 3 bytes, shorter"
                + " than any serialized object");
        StoredPiece trailing = copy(ok, ok.channelCounts(), ok.payloadLengths(),
                Arrays.copyOf(ok.payloads(), ok.payloads().length + 4));
        assertMalformed(trailing, "stored piece of c for snapshot 12 has 0 payload lengths and 4 payload bytes that no"
                + " channel counts");
        int[] longer = ok.payloadLengths().clone();
        longer[2] += 100;
        assertMalformed(copy(ok, ok.channelCounts(), longer, ok.payloads()), "stored piece of c for snapshot 12:"
                + " payload lengths overrun " + ok.payloads().length + " payload bytes");
        assertMalformed(copy(ok, new int[] {2}, ok.payloadLengths(), ok.payloads()), "stored piece of c for snapshot 12"
                + " has 2 channels but 1 counts");
        assertMalformed(copy(ok, ok.channelCounts(), ok.payloadLengths(), null), "stored piece of c for snapshot 12"
                + " has a missing array");
    }

    static StoredPiece copy(StoredPiece sp, int[] counts, int[] lengths, byte[] payloads) {
        return new StoredPiece(sp.snapshotId(), sp.processId(), sp.frontier(), sp.state(), sp.channelFroms(), counts,
                lengths, payloads, sp.assembler());
    }

    static void assertMalformed(StoredPiece sp, String message) {
        MalformedWireException e = assertThrows(MalformedWireException.class, () -> codec.decodePiece(sp, TOPOLOGY));
        assertEquals(message, e.getMessage());
    }
}
