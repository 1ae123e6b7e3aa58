package io.cutwatch.detect.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.hazelcast.CutwatchMembers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Members for the cluster tests: Cutwatch's loopback config (unique cluster, TCP-IP join on
 * 127.0.0.1 only, phone-home off, Java deserialization limited to the JDK and Hazelcast), 11
 * partitions, and a failure detector that notices a crashed member in seconds instead of a
 * minute (heartbeat every second, dead after 4 s without one). Without the latter, killing the
 * master member took about 9 s to take over on loopback.
 */
final class TestMembers {
    private TestMembers() {
    }

    static List<HazelcastInstance> start(String prefix, int n) {
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
