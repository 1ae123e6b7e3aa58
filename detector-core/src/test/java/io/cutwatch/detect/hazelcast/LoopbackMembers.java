package io.cutwatch.detect.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Real Hazelcast members on loopback for tests: unique cluster, TCP-IP join on 127.0.0.1 only. */
final class LoopbackMembers {
    private LoopbackMembers() {
    }

    static Config config(String clusterName) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.partition.count", "11");
        c.setProperty("hazelcast.tcp.join.port.try.count", "20");
        // Notice a crashed member within seconds (the default is a minute).
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(5701).setPortAutoIncrement(true);
        n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return c;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<HazelcastInstance> start(String clusterName, int n) {
        List<HazelcastInstance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Hazelcast.newHazelcastInstance(config(clusterName)));
        }
        for (HazelcastInstance m : out) {
            if (m.getCluster().getMembers().size() != n) {
                throw new IllegalStateException("member " + m.getName() + " of " + clusterName + " sees "
                        + m.getCluster().getMembers() + ", expected " + n + " members");
            }
        }
        return out;
    }
}
