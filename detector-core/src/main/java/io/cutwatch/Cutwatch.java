package io.cutwatch;

import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.process.Process;
import io.cutwatch.process.ProcessEventListener;
import io.cutwatch.runtime.Backend;
import io.cutwatch.runtime.CoreEndpoint;
import io.cutwatch.runtime.HostedProgress;
import io.cutwatch.runtime.LogicalProcess;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * The entry point: hosts logical processes over a {@link Backend} and takes snapshots of them.
 *
 * <pre>{@code
 * Cutwatch cw = Cutwatch.simulated(Topology.complete("a", "b"), seed);
 * Process<Counter> a = cw.process("a", new Counter()).capture(Counter::copy)
 *         .onMessage((s, from, msg, ctx) -> s.add((Integer) msg)).start();
 * GlobalSnapshot<Counter> snap = cw.simulation().await(cw.snapshots().initiate("a"));
 * }</pre>
 *
 * <p>Every process id must be in the topology; the processes of one topology may be spread over
 * several backends (cluster members), each hosting some. Thread-safe.
 */
public final class Cutwatch implements AutoCloseable {
    private final Topology topology;
    private final Backend backend;
    private final Map<String, LogicalProcess<?>> processes = new ConcurrentHashMap<>();
    private final Snapshots snapshots;
    private volatile ProcessEventListener eventListener;

    private Cutwatch(Topology topology, Backend backend) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.snapshots = new Snapshots(topology, backend, processes::get);
        backend.bind(new Endpoint());
    }

    /** Cutwatch over any backend. */
    public static Cutwatch on(Backend backend, Topology topology) {
        return new Cutwatch(topology, backend);
    }

    /** Cutwatch on a fresh deterministic simulator seeded with {@code seed}. */
    public static Cutwatch simulated(Topology topology, long seed) {
        return new Cutwatch(topology, new Simulation(seed));
    }

    /** Cutwatch on the given simulator (for custom delays or interceptors). */
    public static Cutwatch simulated(Topology topology, Simulation simulation) {
        return new Cutwatch(topology, simulation);
    }

    /** Declares process {@code id} with its initial state; configure it, then {@code start()}. */
    public <S> ProcessBuilder<S> process(String id, S initialState) {
        topology.requireProcess(id, "process declaration");
        if (processes.containsKey(id)) {
            throw new IllegalStateException("process " + id + " is already running here");
        }
        return new ProcessBuilder<>(this, id, Objects.requireNonNull(initialState, "initialState"));
    }

    /** The running process {@code id} hosted here. */
    @SuppressWarnings("unchecked")
    public <S> Process<S> process(String id) {
        topology.requireProcess(id, "process lookup");
        LogicalProcess<?> p = processes.get(id);
        if (p == null) {
            throw new IllegalStateException("process " + id + " is not running here");
        }
        return (Process<S>) p;
    }

    /**
     * Observes every application event of processes started after this call (traces, tests).
     * Replaces the previous listener.
     */
    public Cutwatch onEvent(ProcessEventListener listener) {
        this.eventListener = listener;
        return this;
    }

    /** Ids of the processes started here (a copy, in topology order). */
    public List<String> hostedProcesses() {
        List<String> out = new java.util.ArrayList<>();
        for (String p : topology.processes()) {
            if (processes.containsKey(p)) {
                out.add(p);
            }
        }
        return out;
    }

    public Snapshots snapshots() {
        return snapshots;
    }

    public Topology topology() {
        return topology;
    }

    public Backend backend() {
        return backend;
    }

    /** The simulator, if this instance runs on one. */
    public Simulation simulation() {
        if (backend instanceof Simulation s) {
            return s;
        }
        throw new IllegalStateException("this Cutwatch runs on " + backend.getClass().getSimpleName()
                + ", not on the simulator");
    }

    <S> Process<S> start(ProcessBuilder<S> b) {
        LogicalProcess<S> p = new LogicalProcess<>(b.id, topology, b.state, b.capture, b.handler, backend,
                eventListener);
        if (processes.putIfAbsent(b.id, p) != null) {
            throw new IllegalStateException("process " + b.id + " is already running here");
        }
        p.start(b.onStart);
        return p;
    }

    @Override
    public void close() {
        backend.close();
    }

    /** What the backend sees of this Cutwatch: deliveries into the snapshot service and the hosted processes. */
    private final class Endpoint implements CoreEndpoint {
        @Override
        public void pieceArrived(LocalSnapshot<?> piece, long recordedBytes) {
            snapshots.onPiece(piece, recordedBytes);
        }

        @Override
        public void failureArrived(SnapshotFailure failure) {
            snapshots.onFailure(failure);
        }

        @Override
        public HostedProgress hostedProgress(long snapshotId, Set<String> processes, Set<ChannelId> channels) {
            return snapshots.hostedProgress(snapshotId, processes, channels);
        }

        @Override
        public boolean initiateAt(String processId, long snapshotId) {
            LogicalProcess<?> p = processes.get(processId);
            if (p == null) {
                return false;
            }
            p.initiate(snapshotId);
            return true;
        }

        @Override
        public boolean assemblesHere(long snapshotId) {
            return snapshots.isInFlight(snapshotId);
        }

        @Override
        public Set<Long> assemblingHere() {
            return snapshots.inFlight();
        }

        @Override
        public List<Long> processesLost(Set<String> lost, LongFunction<SnapshotFailure> failureFor) {
            return snapshots.failNeeding(lost, failureFor);
        }
    }
}
