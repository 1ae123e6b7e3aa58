package io.cutwatch.hazelcast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Option validation: bad settings are refused with a message naming the setting. No cluster. */
class HazelcastOptionsTest {
    @Test
    void defaultsAreConsistent() {
        HazelcastOptions o = HazelcastOptions.defaults("bank");
        assertTrue(o.maxRead() <= o.ringbufferCapacity() && o.ackEvery() <= o.ringbufferCapacity(), o.toString());
    }

    @Test
    void aNamespaceThatCannotNameAStructureIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HazelcastOptions.defaults("bank.v2"));
        assertTrue(e.getMessage().contains("namespace") && e.getMessage().contains("bank.v2"), e.getMessage());
    }

    @Test
    void readsAndAcknowledgementsBeyondTheRingbufferAreRefused() {
        HazelcastOptions o = HazelcastOptions.defaults("x");
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class, () -> new HazelcastOptions("x",
                16, 8, 32, 4, 0, o.windowPollMillis(), 4, 2, 1));
        assertTrue(read.getMessage().contains("maxRead (32)"), read.getMessage());
        IllegalArgumentException ack = assertThrows(IllegalArgumentException.class, () -> new HazelcastOptions("x",
                16, 8, 8, 17, 0, o.windowPollMillis(), 4, 2, 1));
        assertTrue(ack.getMessage().contains("ackEvery (17)"), ack.getMessage());
    }

    @Test
    void aNegativeBacklogLimitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HazelcastOptions.defaults("x").withMaxBacklog(-1));
        assertTrue(e.getMessage().contains("maxBacklog"), e.getMessage());
    }

    @Test
    void smallerChannelsKeepReadsAndAcknowledgementsWithinTheWindow() {
        HazelcastOptions o = HazelcastOptions.defaults("x").withChannels(8, 16);
        assertEquals(8, o.ringbufferCapacity());
        assertEquals(8, o.maxRead());
        assertEquals(2, o.ackEvery());
        assertEquals(16, o.maxBatch());
    }
}
