package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;

import java.util.Objects;

/**
 * Runs Cutwatch processes on a Hazelcast member you already have.
 *
 * <pre>{@code
 * Cutwatch cw = HazelcastCutwatch.on(hazelcastInstance, topology);      // on every member
 * cw.process("b1", new Branch(1_000)).capture(Branch::copy).onMessage(Branch::handle).start();
 * GlobalSnapshot<Branch> s = cw.snapshots().<Branch>initiate("b1").get(5, SECONDS);
 * }</pre>
 *
 * <p>Call it once per member and namespace; start each process of the topology on exactly one
 * member. Processes on different members talk through the cluster only. Closing the Cutwatch
 * stops this member's processes of the namespace; the Hazelcast instance stays up.
 */
public final class HazelcastCutwatch {
    private HazelcastCutwatch() {
    }

    /** Cutwatch on {@code hz} with namespace {@code "default"} and default options. */
    public static Cutwatch on(HazelcastInstance hz, Topology topology) {
        return on(hz, topology, HazelcastOptions.defaults("default"));
    }

    /** Cutwatch on {@code hz} with the given options (see {@link HazelcastOptions#defaults(String)}). */
    public static Cutwatch on(HazelcastInstance hz, Topology topology, HazelcastOptions options) {
        Objects.requireNonNull(hz, "hazelcastInstance");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(options, "options");
        HazelcastBackend backend = new HazelcastBackend(hz, topology, options);
        try {
            return Cutwatch.on(backend, topology);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The Hazelcast backend of {@code cw} (channel stats, snapshot store, lost processes). */
    public static HazelcastBackend backend(Cutwatch cw) {
        if (cw.backend() instanceof HazelcastBackend b) {
            return b;
        }
        throw new IllegalArgumentException("this Cutwatch runs on " + cw.backend().getClass().getSimpleName()
                + ", not on Hazelcast");
    }

    /** Destroys the namespace's Hazelcast structures; see {@link HazelcastBackend#destroy}. */
    public static void destroy(HazelcastInstance hz, String namespace, Topology topology) {
        HazelcastBackend.destroy(hz, namespace, topology);
    }

    /** The central snapshot store of {@code cw}'s namespace. */
    public static SnapshotStore store(Cutwatch cw) {
        return backend(cw).store();
    }
}
