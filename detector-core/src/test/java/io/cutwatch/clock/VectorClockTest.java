package io.cutwatch.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorClockTest {
    @Test
    void orderAndConcurrency() {
        VectorClock a = VectorClock.zero(2).tick(0);          // [1,0]
        VectorClock b = VectorClock.zero(2).tick(1);          // [0,1]
        VectorClock c = b.merge(a).tick(1);                   // [1,2]
        assertTrue(a.happenedBefore(c));
        assertFalse(c.happenedBefore(a));
        assertTrue(a.concurrentWith(b));
        assertFalse(a.happenedBefore(a));
        assertEquals(VectorClock.of(1, 2), c);
        assertEquals(0, a.get(1));
        assertEquals(1, a.toArray()[0]);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> VectorClock.of(1, -1));
        assertThrows(IllegalArgumentException.class, () -> VectorClock.zero(2).merge(VectorClock.zero(3)));
    }
}
