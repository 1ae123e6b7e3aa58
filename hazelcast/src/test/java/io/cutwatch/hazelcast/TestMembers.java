package io.cutwatch.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Members for the cluster tests of every module (shipped in this module's test-jar): Cutwatch's
 * loopback config (unique cluster name, TCP-IP join on 127.0.0.1 only, multicast off, phone-home
 * off, Java deserialization limited to the JDK and Hazelcast) with 11 partitions. Shut them down
 * with {@link CutwatchMembers#terminate(List)}.
 */
public final class TestMembers {
    private TestMembers() {
    }

    /** {@code n} loopback members of a fresh cluster whose name starts with {@code prefix}, joined. */
    public static List<HazelcastInstance> start(String prefix, int n) {
        return CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName(prefix)).partitionCount(11).start(n);
    }

    /**
     * As {@link #start}, with a failure detector that notices a crashed member in seconds instead
     * of a minute (heartbeat every second, dead after 4 s without one), for tests that kill a
     * member. Without it, killing the master member took about 9 s to take over on loopback.
     */
    public static List<HazelcastInstance> startWithFastFailureDetection(String prefix, int n) {
        CutwatchMembers template = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName(prefix))
                .partitionCount(11);
        List<HazelcastInstance> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Config c = template.config();
                c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
                c.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
                out.add(Hazelcast.newHazelcastInstance(c));
            }
            await("members see each other").atMost(Duration.ofSeconds(30))
                    .until(() -> out.stream().allMatch(m -> m.getCluster().getMembers().size() == n));
        } catch (RuntimeException | AssertionError e) {
            CutwatchMembers.terminate(out);
            throw e;
        }
        return out;
    }
}
