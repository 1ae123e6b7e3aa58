package io.cutwatch.bank;

import io.cutwatch.Cutwatch;

import java.util.List;

/**
 * Where the branches run: one {@link Cutwatch} per member (each hosting some branches), one of
 * which drives snapshots. The simulator has one member; an embedded Hazelcast cluster has M.
 */
public interface BankCluster extends AutoCloseable {
    /** One Cutwatch per member hosted in this JVM, in member order. */
    List<Cutwatch> members();

    /** The member that initiates and assembles snapshots. */
    default Cutwatch driver() {
        return members().get(0);
    }

    /** The member that hosts {@code branch} (round-robin by branch index unless the cluster says otherwise). */
    default Cutwatch hostOf(int branchIndex) {
        return members().get(branchIndex % members().size());
    }

    /** Whether branch {@code branchIndex} runs in this JVM (a multi-JVM run hosts only some). */
    default boolean hostsHere(int branchIndex) {
        return true;
    }

    /** Virtual or wall-clock microseconds, for latencies. */
    long nowMicros();

    /** Runs the cluster for {@code millis} (returns at once on a real cluster: it runs by itself). */
    void advance(long millis);

    /** Whether the cluster runs on virtual time (the simulator). */
    boolean simulated();

    @Override
    void close();
}
