package io.cutwatch.hazelcast;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the member configuration Cutwatch uses for its demo, tests and benchmarks, and starts
 * members. The config is closed by default:
 *
 * <ul>
 *   <li>binds to one interface (loopback {@code 127.0.0.1} unless {@link #bindTo(String)}), joins by
 *       TCP-IP to that address only (ports 5701.. with {@code hazelcast.tcp.join.port.try.count=20}
 *       so parallel clusters on one host find their own members); multicast, auto-detection and
 *       phone-home are off;</li>
 *   <li>turns on Hazelcast's Java deserialization filter with an allow-list: the JDK and
 *       Hazelcast (Hazelcast's defaults) plus the package prefixes named with
 *       {@link #allowPackages(String...)}. A Java-serialized object of any other class arriving
 *       from the network is refused ({@code SecurityException}) instead of being instantiated.
 *       Cutwatch's own records never use Java serialization (they are Compact).</li>
 * </ul>
 *
 * <pre>{@code
 * List<HazelcastInstance> members = CutwatchMembers.loopback("bank-demo").allowPackages("com.acme.bank.").start(3);
 * }</pre>
 *
 * Not thread-safe (a builder); the configs it returns are independent copies.
 */
public final class CutwatchMembers {
    private final String clusterName;
    private final Set<String> allowed = new LinkedHashSet<>();
    private String address = "127.0.0.1";
    private int port = 5701;
    private int partitionCount = 271;

    private CutwatchMembers(String clusterName) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must be non-blank");
        }
        this.clusterName = clusterName;
    }

    /** Members of cluster {@code clusterName} on loopback. */
    public static CutwatchMembers loopback(String clusterName) {
        return new CutwatchMembers(clusterName);
    }

    /** A cluster name no other cluster on this host uses: {@code prefix-<random>}. */
    public static String uniqueClusterName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Binds and joins on {@code ipAddress} instead of loopback (every member must use the same one). */
    public CutwatchMembers bindTo(String ipAddress) {
        if (ipAddress == null || !ipAddress.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("bind address must be a literal IP address, got '" + ipAddress + "'");
        }
        this.address = ipAddress;
        return this;
    }

    /** First port to try (default 5701). */
    public CutwatchMembers port(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        this.port = port;
        return this;
    }

    /** Partition count (default 271; tests use 11 to start faster). */
    public CutwatchMembers partitionCount(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partition count must be positive, got " + partitions);
        }
        this.partitionCount = partitions;
        return this;
    }

    /**
     * Allows Java deserialization of classes whose names start with one of {@code prefixes}
     * (e.g. {@code "com.acme.bank."}); the JDK and Hazelcast are always allowed.
     */
    public CutwatchMembers allowPackages(String... prefixes) {
        for (String p : prefixes) {
            if (p == null || p.isBlank()) {
                throw new IllegalArgumentException("allowed package prefixes must be non-blank");
            }
            allowed.add(p);
        }
        return this;
    }

    /** A fresh member config with everything above. */
    public Config config() {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.tcp.join.port.try.count", "20");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.partition.count", Integer.toString(partitionCount));
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(true).setPortCount(100);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(address);
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(address);
        ClassFilter allow = new ClassFilter();
        for (String p : allowed) {
            allow.addPrefixes(p);
        }
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false)
                .setWhitelist(allow);
        c.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        c.getJetConfig().setEnabled(false);
        return c;
    }

    /** Starts {@code n} members of this cluster in this JVM and waits until they see each other. */
    public List<HazelcastInstance> start(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one member, got " + n);
        }
        List<HazelcastInstance> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                out.add(Hazelcast.newHazelcastInstance(config()));
            }
        } catch (RuntimeException e) {
            terminate(out);
            throw e;
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (HazelcastInstance m : out) {
            while (m.getCluster().getMembers().size() != n && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            if (m.getCluster().getMembers().size() != n) {
                terminate(out);
                throw new IllegalStateException("started " + n + " members of cluster " + clusterName + " but "
                        + m.getName() + " sees " + m.getCluster().getMembers().size()
                        + "; another process may hold the ports or the address " + address + " is not local");
            }
        }
        return out;
    }

    /** Terminates every member at once (no graceful migration; for tests and benchmarks). */
    public static void terminate(List<HazelcastInstance> members) {
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CutwatchMembers.class).debug("member already down: {}", e.toString());
            }
        }
    }
}
