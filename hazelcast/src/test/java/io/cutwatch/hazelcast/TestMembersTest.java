package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture's own promises: a failure detector generous enough for a loaded machine, reproducible seeds. */
class TestMembersTest {
    @Test
    void theFastFailureDetectorStillToleratesSecondsOfSilence() {
        List<HazelcastInstance> one = TestMembers.startWithFastFailureDetection("cw-fixture", 1);
        try {
            int dead = Integer.parseInt(one.get(0).getConfig().getProperty("hazelcast.max.no.heartbeat.seconds"));
            assertEquals(TestMembers.MAX_NO_HEARTBEAT_SECONDS, dead);
            assertTrue(dead >= 15, "a member silent for " + dead + " s under load would be evicted mid-test");
        } finally {
            CutwatchMembers.terminate(one);
        }
    }

    @Test
    void aSeedGivenOnTheCommandLineIsTheSeedUsed() {
        String before = System.getProperty("cutwatch.cluster.seed");
        System.setProperty("cutwatch.cluster.seed", "12345");
        try {
            assertEquals(12345L, TestMembers.seed("TestMembersTest"));
        } finally {
            if (before == null) {
                System.clearProperty("cutwatch.cluster.seed");
            } else {
                System.setProperty("cutwatch.cluster.seed", before);
            }
        }
    }
}
