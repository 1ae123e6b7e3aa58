package io.cutwatch.deadlock;

import io.cutwatch.detect.Detector;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.Objects;

/**
 * Finds distributed deadlocks in consistent global snapshots.
 *
 * <pre>{@code
 * DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());
 * DeadlockReport report = detector.detect(cw.simulation().await(cw.snapshots().initiate("p0")));
 * report.deadlocks().forEach(d -> lockService.abort(d.victim()));
 * }</pre>
 *
 * <p>Steps: {@link SnapshotWaits#of} builds the waits at the cut (recorded states through the
 * adapter, adjusted by the recorded channel states); {@link WaitForGraph#of} packs them into
 * arrays; {@link DeadlockFinder} finds the deadlocked sets under the adapter's {@link WaitModel}
 * (cycles for AND, knots for OR) and one cycle and victim each. O(V + E) plus the adapter's cost.
 *
 * <p>Guarantees (from the snapshot being a consistent cut and a deadlock being stable): no phantom
 * deadlocks, given an adapter whose waits are real waits of the recorded state; and a deadlock that
 * existed when the snapshot started is reported. Immutable and thread-safe when the adapter and
 * policy are.
 *
 * @param <S> the state type the adapter reads
 */
public final class DeadlockDetector<S> implements Detector<DeadlockReport> {
    /** The name this detector reports under. */
    public static final String NAME = "deadlock";

    private final WaitForAdapter<S> adapter;
    private final WaitModel model;
    private final VictimPolicy policy;

    /** Detector with the adapter's model and the default victim policy (highest id). */
    public DeadlockDetector(WaitForAdapter<S> adapter) {
        this(adapter, VictimPolicy.highestId());
    }

    public DeadlockDetector(WaitForAdapter<S> adapter, VictimPolicy policy) {
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.model = Objects.requireNonNull(adapter.model(), "adapter.model()");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String name() {
        return NAME;
    }

    public WaitModel model() {
        return model;
    }

    /**
     * @throws WaitForAdapterException if the snapshot's states are not what the adapter reads
     * @throws InvalidVictimException  if the victim policy chooses a vertex off the cycle
     */
    /**
     * Why {@code transaction} waits at {@code snapshot}'s cut: the chain of waits from it to a
     * transaction that is not waiting or into a deadlocked component, with where each wait was
     * recorded and the in-transit messages taken into account (see {@link WaitChain}). O(V + E).
     *
     * @throws WaitForAdapterException if the snapshot's states are not what the adapter reads
     */
    public WaitChain waitChain(GlobalSnapshot<?> snapshot, String transaction) {
        SnapshotWaits waits = SnapshotWaits.of(snapshot, adapter);
        return WaitChainFinder.find(snapshot.id(), waits, report(snapshot, waits).deadlocks(), transaction);
    }

    @Override
    public DeadlockReport detect(GlobalSnapshot<?> snapshot) {
        return report(snapshot, SnapshotWaits.of(snapshot, adapter));
    }

    /** The one place the waits at the cut become a graph and its deadlocks. */
    private DeadlockReport report(GlobalSnapshot<?> snapshot, SnapshotWaits waits) {
        WaitForGraph graph = WaitForGraph.of(waits.waits());
        return new DeadlockReport(snapshot.id(), model, DeadlockFinder.find(graph, model, policy),
                waits.inTransit(), graph, snapshot.frontier());
    }
}
