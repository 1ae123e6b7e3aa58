package io.cutwatch.deadlock.baseline;

import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.VictimPolicy;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForAdapterException;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.deadlock.DeadlockFinder;
import io.cutwatch.deadlock.WaitForGraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The baseline to compare the {@link DeadlockDetector} with: a central detector that asks each
 * process, one after the other, for its local wait-for edges (a lock table knows who waits for
 * whom on its resources), takes the union of the answers and looks for deadlocks in it, under the
 * adapter's {@link WaitModel}. No snapshot, no markers, no channel states. It reads the same
 * adapter as the snapshot detector, so the two differ only in the cut they look at.
 *
 * <pre>{@code
 * NaivePollingDetector<LockNode, LockTableView> poller =
 *         new NaivePollingDetector<>(cw, new LockServiceAdapter(), LockNode::view);
 * poller.poll(Duration.ofMillis(2)).thenAccept(r -> r.deadlocks().forEach(d -> log.warn("{}", d)));
 * }</pre>
 *
 * <p><b>What it gets wrong.</b> It reports <em>phantom deadlocks</em>: cycles that never existed.
 * Each process is read at a different moment, so the union mixes waits from different times, and
 * a message still on its way is in no process's table. The classic case: t1 releases lock
 * {@code a} (the release is on its way to {@code a}'s owner) and asks for {@code b}, which t2
 * holds while it queues for {@code a}. Read {@code a}'s owner before the release lands and
 * {@code b}'s owner after the request lands, and the union holds {@code t2 -> t1 -> t2}, though t2
 * gets {@code a} as soon as the release arrives and both finish. Acting on such a report aborts a
 * transaction for nothing. A snapshot is a consistent cut and records the release in its channel
 * state, so the snapshot detector never reports that cycle. The poller also sees a real deadlock
 * late when the request that closes it is still in transit (it has no channel states); as
 * deadlocks are stable, a later poll sees it.
 *
 * <p><b>Cost.</b> One local event per process per poll (the capture function plus the adapter's
 * {@code waits}, O(state) each), no messages between processes, and O(V + E) to find the deadlocks
 * in the union; a poll takes (processes - 1) × {@code gap} plus the reads. Cheaper than a snapshot
 * (no markers, no recorded channel traffic), and wrong for the reason above: the price of a
 * consistent cut is what buys the guarantee of no phantoms.
 *
 * <p>It polls the processes this {@link Cutwatch} hosts (on the simulator, all of them; on a
 * cluster, this member's share only, so a cluster-wide poll is not what this class does).
 * Threading: {@link #poll} may be called from any thread; each read runs on its process's thread
 * as a local event, and the returned future completes on the thread of the last read. Immutable.
 *
 * @param <T> the live state type of the processes (what their handlers own)
 * @param <S> the state type the adapter reads (what the processes' state capture returns)
 */
public final class NaivePollingDetector<T, S> {
    /**
     * What one poll found.
     *
     * @param model     the wait model the deadlocks were judged under (the adapter's)
     * @param waits     the union of the waits read, process by process in topology order
     * @param deadlocks every deadlocked set in that union, one cycle and one victim each, as the
     *                  snapshot detector reports them; possibly phantoms (see the class comment)
     */
    public record Result(WaitModel model, List<WaitForEdge> waits, List<Deadlock> deadlocks) {
        public Result {
            Objects.requireNonNull(model, "model");
            waits = List.copyOf(waits);
            deadlocks = List.copyOf(deadlocks);
        }

        /** True when the poll reports a deadlock (real or not). */
        public boolean found() {
            return !deadlocks.isEmpty();
        }

        public String summary() {
            if (deadlocks.isEmpty()) {
                return "poll: no deadlock (" + model + " model, " + waits.size() + " waits)";
            }
            StringBuilder b = new StringBuilder("poll: " + deadlocks.size() + " deadlock"
                    + (deadlocks.size() == 1 ? "" : "s") + " (" + model + " model)");
            for (Deadlock d : deadlocks) {
                b.append("; ").append(d);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    private final Cutwatch cutwatch;
    private final WaitForAdapter<S> adapter;
    private final Function<? super T, ? extends S> capture;
    private final WaitModel model;
    private final VictimPolicy policy;

    /**
     * A poller with the default victim policy (highest id).
     *
     * @param capture turns a process's live state into what the adapter reads: the same function
     *                as the processes' state capture (e.g. {@code LockNode::view})
     */
    public NaivePollingDetector(Cutwatch cutwatch, WaitForAdapter<S> adapter, Function<? super T, ? extends S> capture) {
        this(cutwatch, adapter, capture, VictimPolicy.highestId());
    }

    public NaivePollingDetector(Cutwatch cutwatch, WaitForAdapter<S> adapter, Function<? super T, ? extends S> capture,
                                VictimPolicy policy) {
        this.cutwatch = Objects.requireNonNull(cutwatch, "cutwatch");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.capture = Objects.requireNonNull(capture, "capture");
        this.model = Objects.requireNonNull(adapter.model(), "adapter.model()");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public WaitModel model() {
        return model;
    }

    /**
     * Polls every process, in topology order, the i-th one {@code i × gap} from now (through the
     * backend's timer, so in virtual time on the simulator), and completes with what the union of
     * the answers shows. Completes exceptionally with a {@link WaitForAdapterException} naming the
     * process if the capture or the adapter throws or returns null.
     *
     * @throws IllegalArgumentException if {@code gap} is negative
     * @throws IllegalStateException    if a process of the topology is not running here
     */
    public CompletableFuture<Result> poll(Duration gap) {
        if (gap.isNegative()) {
            throw new IllegalArgumentException("negative poll gap " + gap);
        }
        List<String> processes = cutwatch.topology().processes();
        List<Process<T>> targets = new ArrayList<>(processes.size());
        for (String p : processes) {
            targets.add(cutwatch.process(p));
        }
        CompletableFuture<Result> result = new CompletableFuture<>();
        AtomicReferenceArray<Collection<WaitForEdge>> answers = new AtomicReferenceArray<>(processes.size());
        AtomicInteger answered = new AtomicInteger();
        for (int i = 0; i < targets.size(); i++) {
            int index = i;
            Process<T> proc = targets.get(i);
            cutwatch.backend().schedule(gap.multipliedBy(i), () -> proc.tell((state, ctx) -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    answers.set(index, read(proc.id(), state));
                } catch (WaitForAdapterException e) {
                    result.completeExceptionally(e);
                    return;
                }
                if (answered.incrementAndGet() == targets.size()) {
                    try {
                        result.complete(find(answers));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                }
            }));
        }
        return result;
    }

    private Collection<WaitForEdge> read(String process, T live) {
        Collection<WaitForEdge> w;
        try {
            S state = capture.apply(live);
            if (state == null) {
                throw new WaitForAdapterException("poll: the capture returned null for process " + process);
            }
            w = adapter.waits(process, state);
            if (w != null) {
                return List.copyOf(w);
            }
        } catch (WaitForAdapterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WaitForAdapterException("poll: reading the waits of process " + process + " threw: " + e, e);
        }
        throw new WaitForAdapterException("poll: the adapter returned null waits for process " + process
                + "; return an empty collection instead");
    }

    private Result find(AtomicReferenceArray<Collection<WaitForEdge>> answers) {
        List<WaitForEdge> union = new ArrayList<>();
        for (int i = 0; i < answers.length(); i++) {
            union.addAll(answers.get(i));
        }
        return new Result(model, union, DeadlockFinder.find(WaitForGraph.of(union), model, policy));
    }
}
