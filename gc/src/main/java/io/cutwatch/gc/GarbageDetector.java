package io.cutwatch.gc;

import io.cutwatch.detect.Detector;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds distributed garbage, cycles included, in a consistent global snapshot.
 *
 * <p>It builds the global object graph through the application's {@link HeapAdapter} (local
 * roots from the recorded states; references in messages recorded in transit are roots too,
 * since their receivers will hold them), marks everything reachable from the roots and reports
 * the rest as garbage ({@link GarbageReport}), with the distributed cycles among it.
 *
 * <p>Guarantees, because the snapshot is a consistent cut and garbage is stable (an object no
 * one can reach can never be given a reference again): every object reported was garbage when
 * the snapshot ended and still is (safety); every object that was garbage when the snapshot
 * started is reported (completeness). Safety needs the application to respect that rule: it
 * may only hand out references it holds.
 *
 * <p>Cost: O(n + e) time for n objects and e references; memory is the CSR graph (about
 * {@code 12n + 4e} bytes) plus about {@code n/2} bytes for marking, plus {@code 20g + n/16} bytes
 * for cycle finding when there are {@code g} garbage objects; building the graph needs id tables
 * of about {@code 17n} to {@code 34n} bytes more while it runs (nothing per reference). The
 * adapter's {@code describe} is called twice per recorded state, three times if it does not tell
 * the object count (see {@link ObjectGraphBuilder}). Stateless
 * and thread-safe: {@link #detect} may run concurrently on different snapshots.
 *
 * @param <S> the type the processes' state capture returns
 */
public final class GarbageDetector<S> implements Detector<GarbageReport> {
    private final Class<S> stateType;
    private final HeapAdapter<? super S> adapter;
    private final String name;

    private GarbageDetector(Class<S> stateType, HeapAdapter<? super S> adapter, String name) {
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A detector named {@code "garbage"} for states of {@code stateType}. */
    public static <S> GarbageDetector<S> of(Class<S> stateType, HeapAdapter<? super S> adapter) {
        return new GarbageDetector<>(stateType, adapter, "garbage");
    }

    /** The same detector under another name (to run several over different applications). */
    public GarbageDetector<S> named(String newName) {
        return new GarbageDetector<>(stateType, adapter, newName);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * @throws MalformedHeapException     if the recorded states describe an impossible graph
     * @throws DanglingReferenceException if a live object or a message in transit refers to an
     *                                    object no process holds
     */
    @Override
    public GarbageReport detect(GlobalSnapshot<?> snapshot) {
        ObjectGraph graph = ObjectGraphBuilder.build(snapshot, stateType, adapter);
        Marks marks = Marking.mark(graph);
        long danglingFromGarbage = checkDangling(snapshot.id(), graph, marks);
        GarbageComponents components = GarbageComponents.find(graph, marks);
        return report(snapshot.id(), graph, marks, components, danglingFromGarbage);
    }

    /**
     * Why {@code object} is alive at {@code snapshot}'s cut: a shortest chain of references from
     * a local root or from a message recorded in transit (naming its channel), across processes;
     * empty if the object is garbage there. Builds the snapshot's object graph (as
     * {@link #detect} does) and runs one breadth-first search: O(n + e).
     *
     * @throws IllegalArgumentException   if no process holds {@code object} in the snapshot
     * @throws MalformedHeapException     if the recorded states describe an impossible graph
     */
    public Optional<RetentionPath> whyAlive(GlobalSnapshot<?> snapshot, ObjectRef object) {
        return ShortestRetentionPath.to(ObjectGraphBuilder.build(snapshot, stateType, adapter), object);
    }

    /**
     * The {@code k} live objects that keep the most alive at {@code snapshot}'s cut, across
     * processes (dominator tree of the live object graph; see {@link RetainedSets}).
     *
     * @throws MalformedHeapException if the recorded states describe an impossible graph
     */
    public List<Retainer> largestRetainers(GlobalSnapshot<?> snapshot, int k) {
        return RetainedSets.largest(ObjectGraphBuilder.build(snapshot, stateType, adapter), k);
    }

    /**
     * For each distributed cycle of {@code snapshot}, in the order of
     * {@link GarbageReport#distributedCycles()}: the garbage it retains (reachable from its
     * members, outside it) and the references between its members that cross processes, each
     * saying whether dropping it alone breaks the cycle ({@link CycleRetention}). Builds and marks
     * the graph as {@link #detect} does, then one traversal per cycle.
     *
     * @throws MalformedHeapException     if the recorded states describe an impossible graph
     * @throws DanglingReferenceException if a live object or a message in transit refers to an
     *                                    object no process holds
     */
    public List<CycleExplanation> explainCycles(GlobalSnapshot<?> snapshot) {
        ObjectGraph graph = ObjectGraphBuilder.build(snapshot, stateType, adapter);
        Marks marks = Marking.mark(graph);
        checkDangling(snapshot.id(), graph, marks);
        return CycleRetention.explain(graph, marks, GarbageComponents.find(graph, marks));
    }

    private static long checkDangling(long snapshotId, ObjectGraph graph, Marks marks) {
        long fromGarbage = 0;
        for (int k = 0; k < graph.danglingCount(); k++) {
            int src = graph.danglingSource(k);
            if (marks.isMarked(src)) {
                throw new DanglingReferenceException(snapshotId, "reachable object " + graph.ref(src),
                        graph.danglingTarget(k));
            }
            fromGarbage++;
        }
        return fromGarbage;
    }

    static GarbageReport report(long snapshotId, ObjectGraph graph, Marks marks, GarbageComponents components,
                                long danglingFromGarbage) {
        Map<String, ObjectIds> garbage = new LinkedHashMap<>();
        List<String> processes = graph.processes();
        for (int p = 0; p < processes.size(); p++) {
            int hi = graph.firstNode(p + 1);
            int count = 0;
            for (int v = marks.nextUnmarked(graph.firstNode(p)); v >= 0 && v < hi; v = marks.nextUnmarked(v + 1)) {
                count++;
            }
            long[] ids = new long[count];
            int i = 0;
            for (int v = marks.nextUnmarked(graph.firstNode(p)); v >= 0 && v < hi; v = marks.nextUnmarked(v + 1)) {
                ids[i++] = graph.objectId(v);
            }
            Arrays.sort(ids);
            garbage.put(processes.get(p), ObjectIds.of(ids));
        }
        List<GarbageCycle> cycles = new ArrayList<>();
        for (int[] members : components.distributedCycles()) {
            cycles.add(cycleOf(graph, members));
        }
        GraphSize size = new GraphSize(processes.size(), graph.nodeCount(), graph.edgeCount(), graph.remoteEdgeCount(),
                graph.localRootCount(), graph.inTransitRootCount(), danglingFromGarbage);
        return new GarbageReport(snapshotId, garbage, cycles, components.retainedByCycles(), size);
    }

    /** The cycle of {@code members} (nodes of {@code graph}), members and processes sorted. */
    static GarbageCycle cycleOf(ObjectGraph graph, int[] members) {
        List<ObjectRef> refs = new ArrayList<>(members.length);
        TreeSet<String> spans = new TreeSet<>();
        for (int v : members) {
            ObjectRef r = graph.ref(v);
            refs.add(r);
            spans.add(r.process());
        }
        refs.sort(null);
        return new GarbageCycle(refs, new ArrayList<>(spans));
    }
}
