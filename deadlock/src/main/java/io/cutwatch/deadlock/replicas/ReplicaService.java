package io.cutwatch.deadlock.replicas;

import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replicated requests, the OR-model sample application: every process of the topology is a
 * replica; {@link #ask} makes one send a request to several others and block until any one
 * answers. A free replica answers after its service time; a blocked one answers only once it is
 * answered. When every replica the blocked processes asked is itself blocked on them, nobody ever
 * answers: a knot of the OR wait-for graph ({@link ReplicaAdapter}).
 *
 * <pre>{@code
 * ReplicaService rs = ReplicaService.start(cw, Duration.ofMillis(1));
 * rs.ask("a", List.of("b", "c"));
 * DeadlockDetector<ReplicaView> detector = new DeadlockDetector<>(new ReplicaAdapter());
 * }</pre>
 *
 * <p>Threading: {@link #ask} is thread-safe and returns at once (the work runs on the process).
 */
public final class ReplicaService {
    private final Cutwatch cutwatch;
    private final Map<String, ReplicaNode> nodes = new ConcurrentHashMap<>();

    private ReplicaService(Cutwatch cutwatch) {
        this.cutwatch = cutwatch;
    }

    /** Starts a replica on every process of the topology; state capture {@link ReplicaNode#view()}. */
    public static ReplicaService start(Cutwatch cutwatch, Duration serviceTime) {
        Objects.requireNonNull(serviceTime, "serviceTime");
        if (serviceTime.isNegative()) {
            throw new IllegalArgumentException("negative service time " + serviceTime);
        }
        ReplicaService s = new ReplicaService(cutwatch);
        for (String p : cutwatch.topology().processes()) {
            ReplicaNode node = new ReplicaNode(p, serviceTime);
            s.nodes.put(p, node);
            cutwatch.process(p, node)
                    .capture(ReplicaNode::view)
                    .onMessage((state, from, payload, ctx) -> state.onMessage(from, payload, ctx))
                    .start();
        }
        return s;
    }

    /**
     * Makes {@code process} ask every one of {@code replicas} and block until the first answer.
     *
     * @throws io.cutwatch.model.UnknownProcessException if a name is not a process of the topology
     * @throws IllegalArgumentException if {@code replicas} is empty or names {@code process}
     */
    public void ask(String process, List<String> replicas) {
        cutwatch.topology().requireProcess(process, "asking replica");
        List<String> rs = List.copyOf(replicas);
        if (rs.isEmpty() || rs.contains(process)) {
            throw new IllegalArgumentException(process + " must ask at least one replica other than itself, got " + rs);
        }
        for (String r : rs) {
            cutwatch.topology().requireProcess(r, "replica asked by " + process);
        }
        Process<ReplicaNode> p = cutwatch.process(process);
        p.tell((node, ctx) -> node.ask(rs, ctx));
    }

    /**
     * The live state of {@code process}. Reading live state races with its handlers on a real
     * backend: use it on the simulator (between events) or from the process's own thread.
     */
    public ReplicaView peek(String process) {
        ReplicaNode n = nodes.get(process);
        if (n == null) {
            throw new IllegalArgumentException("no replica process '" + process + "'");
        }
        return n.view();
    }
}
