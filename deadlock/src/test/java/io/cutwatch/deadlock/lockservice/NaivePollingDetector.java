package io.cutwatch.deadlock.lockservice;

import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.VictimPolicy;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.deadlock.graph.DeadlockFinder;
import io.cutwatch.deadlock.graph.WaitForGraph;
import io.cutwatch.sim.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The baseline: a central detector that asks each process, one after the other, for its local
 * wait-for edges (a lock table knows who waits for whom on its resources), unions the answers
 * and looks for cycles. No snapshot, no channel states: each process is read at a different
 * moment, so a release still on its way plus a newer request can look like a cycle that never
 * existed. The reads are local events on each process ({@link Process#tell}), {@code gap} apart.
 */
final class NaivePollingDetector {
    private final Cutwatch cw;
    private final LockServiceAdapter adapter = new LockServiceAdapter();

    NaivePollingDetector(Cutwatch cw) {
        this.cw = cw;
    }

    /** Polls every process, {@code gap} apart in topology order, then reports to {@code onResult}. */
    void poll(Duration gap, Consumer<List<Deadlock>> onResult) {
        Simulation sim = cw.simulation();
        List<String> processes = cw.topology().processes();
        List<WaitForEdge> collected = new ArrayList<>();
        int[] answered = {0};
        for (int i = 0; i < processes.size(); i++) {
            String p = processes.get(i);
            sim.schedule(gap.multipliedBy(i), () -> {
                Process<LockNode> proc = cw.process(p);
                proc.tell((node, ctx) -> {
                    collected.addAll(adapter.waits(p, node.view()));
                    if (++answered[0] == processes.size()) {
                        onResult.accept(DeadlockFinder.find(WaitForGraph.of(collected), WaitModel.AND,
                                VictimPolicy.highestId()));
                    }
                });
            });
        }
    }
}
