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
     * Seconds without a heartbeat after which {@link #startWithFastFailureDetection} declares a
     * member dead. Generous on purpose: these tests share a loaded 2-core machine with the rest of
     * the build, where a GC pause or CPU starvation can silence a live member for several
     * seconds; 4 s evicted healthy members mid-test. A terminated member is still noticed
     * promptly (its connections close), so the tests that kill one lose little.
     */
    public static final int MAX_NO_HEARTBEAT_SECONDS = 20;

    /**
     * The seed of a cluster test: {@code -Dcutwatch.cluster.seed=N} to rerun one, else a fresh one.
     * Printed, so a failure can be rerun with the same seed (the cluster's own timing still varies).
     */
    public static long seed(String test) {
        Long fixed = Long.getLong("cutwatch.cluster.seed");
        long seed = fixed != null ? fixed : System.nanoTime();
        System.out.println(test + ": seed " + seed + " (rerun with -Dcutwatch.cluster.seed=" + seed + ")");
        return seed;
    }

    /**
     * As {@link #start}, with a failure detector that notices a crashed member in seconds instead
     * of a minute (heartbeat every second, dead after {@link #MAX_NO_HEARTBEAT_SECONDS} without
     * one), for tests that kill a member. Without it, killing the master member took about 9 s to
     * take over on loopback.
     */
    public static List<HazelcastInstance> startWithFastFailureDetection(String prefix, int n) {
        CutwatchMembers template = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName(prefix))
                .partitionCount(11);
        List<HazelcastInstance> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Config c = template.config();
                c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
                c.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
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
