package io.cutwatch.hazelcast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kept wire bytes of delivered payloads: found by identity, in place, bounded. */
class ReceivedPayloadsTest {
    /** A payload object; equal values are distinct objects, as after deserialization. */
    record P(String v) {
    }

    static byte[] bytesOf(ReceivedPayloads.Slices s, int i) {
        return Arrays.copyOfRange(s.buffers()[i], s.offsets()[i], s.offsets()[i] + s.lengths()[i]);
    }

    @Test
    void findsEachPayloadsOwnBytesAcrossItemsAndSkipsMarkers() {
        ReceivedPayloads r = new ReceivedPayloads(100, 1000);
        P a = new P("a");
        P b = new P("b");
        P c = new P("c");
        // item 1: a (2 bytes), marker, b (3 bytes); item 2: c (1 byte)
        r.add(new Object[] {a, null, b}, new int[] {2, 0, 3}, new byte[] {1, 2, 3, 4, 5});
        r.add(new Object[] {c}, new int[] {1}, new byte[] {9});
        ReceivedPayloads.Slices s = r.find(List.of(b, c, a));
        assertArrayEquals(new byte[] {3, 4, 5}, bytesOf(s, 0));
        assertArrayEquals(new byte[] {9}, bytesOf(s, 1));
        assertArrayEquals(new byte[] {1, 2}, bytesOf(s, 2));
    }

    @Test
    void identityNotEqualityDecidesAndUnknownObjectsAreNotFound() {
        ReceivedPayloads r = new ReceivedPayloads(100, 1000);
        P a = new P("x");
        r.add(new Object[] {a}, new int[] {1}, new byte[] {7});
        ReceivedPayloads.Slices s = r.find(List.of(new P("x"), a));
        assertFalse(s.has(0), "an equal but different object must be serialized by the caller");
        assertTrue(s.has(1));
        assertArrayEquals(new byte[] {7}, bytesOf(s, 1));
    }

    @Test
    void theSameObjectRecordedTwiceGetsItsBytesBothTimes() {
        ReceivedPayloads r = new ReceivedPayloads(100, 1000);
        Integer cached = 5;
        r.add(new Object[] {cached, cached}, new int[] {2, 2}, new byte[] {0, 5, 0, 5});
        ReceivedPayloads.Slices s = r.find(List.of(cached, cached));
        assertArrayEquals(new byte[] {0, 5}, bytesOf(s, 0));
        assertArrayEquals(new byte[] {0, 5}, bytesOf(s, 1));
    }

    @Test
    void oldestItemsGoBeyondTheEnvelopeAndByteBounds() {
        ReceivedPayloads r = new ReceivedPayloads(4, 10);
        P a = new P("a");
        P b = new P("b");
        P c = new P("c");
        P big = new P("big");
        r.add(new Object[] {a, a}, new int[] {1, 1}, new byte[] {1, 1});
        r.add(new Object[] {b, b}, new int[] {1, 1}, new byte[] {2, 2});
        r.add(new Object[] {c}, new int[] {1}, new byte[] {3});     // 5 envelopes > 4: item of a goes
        ReceivedPayloads.Slices s = r.find(List.of(a, b, c));
        assertFalse(s.has(0));
        assertTrue(s.has(1));
        assertTrue(s.has(2));
        assertEquals(3, r.envelopes());
        r.add(new Object[] {big}, new int[] {11}, new byte[11]);    // larger than all bytes allowed: not kept
        assertFalse(r.find(List.of(big)).has(0));
        assertTrue(r.find(List.of(c)).has(0));
        r.add(new Object[] {a}, new int[] {9}, new byte[9]);        // 3 + 9 bytes > 10: the oldest item (b) goes
        assertFalse(r.find(List.of(b)).has(0));
        assertTrue(r.find(List.of(c)).has(0));
        assertTrue(r.find(List.of(a)).has(0));
        assertEquals(2, r.envelopes());
    }
}
