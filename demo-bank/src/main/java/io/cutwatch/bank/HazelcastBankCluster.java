package io.cutwatch.bank;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bank on real Hazelcast members on loopback: either M members in this JVM with the branches
 * spread round-robin (the default demo), or one member of a cluster that spans several JVMs,
 * hosting the branches it is given.
 */
public final class HazelcastBankCluster implements BankCluster {
    /** The namespace of the bank's channels and snapshot store in the cluster. */
    static final String NAMESPACE = "bank";

    private final List<HazelcastInstance> instances;
    private final List<Cutwatch> members = new ArrayList<>();
    private final Set<Integer> hosted;

    private HazelcastBankCluster(List<HazelcastInstance> instances, Topology topology, long seed, Set<Integer> hosted) {
        this.instances = instances;
        this.hosted = hosted;
        try {
            for (HazelcastInstance hz : instances) {
                members.add(HazelcastCutwatch.on(hz, topology, HazelcastOptions.defaults(NAMESPACE).withSeed(seed)));
            }
        } catch (RuntimeException e) {
            // Refused right after joining (e.g. another topology): leave gracefully, so the join's
            // own follow-up work (proxies created for the cluster's structures) finishes first
            // instead of failing loudly against a terminated member.
            members.forEach(Cutwatch::close);
            instances.forEach(HazelcastInstance::shutdown);
            throw e;
        }
    }

    /** {@code m} members in this JVM, on a cluster name no other run uses; every branch hosted here. */
    public static HazelcastBankCluster embedded(Topology topology, int m, long seed) {
        List<HazelcastInstance> hz = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName("cutwatch-bank"))
                .allowPackages("io.cutwatch.").start(m);
        return new HazelcastBankCluster(hz, topology, seed, null);
    }

    /**
     * One member of cluster {@code clusterName} in this JVM, hosting branches {@code hosted}; it
     * joins {@code join} ("host:port") or, when null, starts the cluster on 127.0.0.1.
     */
    public static HazelcastBankCluster member(Topology topology, String clusterName, String join, Set<Integer> hosted,
                                              long seed) {
        return member(topology, clusterName, join, hosted, seed, Duration.ofMinutes(5));
    }

    /**
     * As {@link #member(Topology, String, String, Set, long)}; a joining member looks for the
     * cluster at {@code join} only, and gives up {@code joinTimeout} plus a minute later (a member
     * that stands alone instead is the caller's to check).
     */
    public static HazelcastBankCluster member(Topology topology, String clusterName, String join, Set<Integer> hosted,
                                              long seed, Duration joinTimeout) {
        CutwatchMembers members = CutwatchMembers.loopback(clusterName).allowPackages("io.cutwatch.");
        Config config = members.config();
        if (join != null) {
            config.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of(join));
            // The caller has checked that the address answers; the join itself may be slow on a
            // loaded machine, so it gets a minute more before Hazelcast gives up.
            config.setProperty("hazelcast.max.join.seconds", Long.toString(joinTimeout.toSeconds() + 60));
        }
        return new HazelcastBankCluster(List.of(Hazelcast.newHazelcastInstance(config)), topology, seed,
                Set.copyOf(hosted));
    }

    @Override
    public List<Cutwatch> members() {
        return members;
    }

    @Override
    public boolean hostsHere(int branchIndex) {
        return hosted == null || hosted.contains(branchIndex);
    }

    /** Whether every branch of the topology is hosted on some member of the cluster. */
    public boolean allBranchesHosted() {
        Cutwatch cw = members.get(0);
        return cw.topology().processes().stream()
                .allMatch(p -> HazelcastCutwatch.backend(cw).hostOf(p).isPresent());
    }

    /** The Hazelcast instance of the first member in this JVM. */
    public HazelcastInstance hazelcast() {
        return instances.get(0);
    }

    @Override
    public long nowMicros() {
        return System.nanoTime() / 1_000;
    }

    @Override
    public void advance(long millis) {
        throw new UnsupportedOperationException("a real cluster runs by itself");
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public void close() {
        for (Cutwatch cw : members) {
            try {
                cw.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(HazelcastBankCluster.class).debug("close: {}", e.toString());
            }
        }
        // The run is over and nothing in the cluster needs to survive it: stop every member at
        // once rather than one by one (which makes the others log the departures as failures).
        instances.parallelStream().forEach(hz -> hz.getLifecycleService().terminate());
    }
}
