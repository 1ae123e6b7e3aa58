package io.cutwatch.gc.baseline;

import io.cutwatch.gc.GarbageCycle;
import io.cutwatch.gc.GarbageDetector;
import io.cutwatch.gc.GarbageReport;
import io.cutwatch.gc.HeapAdapter;
import io.cutwatch.gc.MalformedHeapException;
import io.cutwatch.gc.ObjectIds;
import io.cutwatch.gc.ObjectRef;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The baseline to compare the {@link GarbageDetector} with: distributed reference counting with
 * local tracing, the way Java RMI's distributed GC (dirty and clean calls, leases) works. Every
 * object keeps a count of the remote references to it (from objects of other processes, and from
 * messages in transit, which pin what they carry until delivered). Each process traces locally
 * from its own roots and from every object whose remote count is above zero; what it does not
 * reach it frees, and freeing an object drops the remote counts of what it referenced, which may
 * let another process free more. Repeated until nothing changes.
 *
 * <pre>{@code
 * ReferenceCountingCollector<HeapState> rc = ReferenceCountingCollector.of(HeapState.class, new ObjectStoreAdapter());
 * SortedSet<ObjectRef> freed = rc.collect(snapshot);           // what reference counting frees
 * GarbageReport report = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter()).detect(snapshot);
 * Set<ObjectRef> missed = ReferenceCountingCollector.missed(report, freed);   // report.retainedByCycles() of them
 * }</pre>
 *
 * <p><b>What it gets wrong.</b> It never frees a <em>distributed garbage cycle</em> (a
 * {@link GarbageCycle}: garbage objects on two or more processes that reference each other), nor
 * anything such a cycle references. Every member of the cycle is referenced by another member
 * from another process, so its remote count never drops to zero, and no process can tell on its
 * own that the reference holding the count up comes from garbage: that takes the global graph,
 * which is what tracing on a consistent snapshot has. Local cycles are freed (local tracing sees
 * them whole). So, on the same recorded state, what it frees is a subset of the detector's
 * garbage, and what it misses is exactly the detector's {@link GarbageReport#retainedByCycles()}.
 * It is safe (it frees only garbage) because it runs here on a consistent snapshot; a real
 * reference-counting collector works on live counts and needs its own protocol (dirty calls
 * before a reference is handed on, leases) for that.
 *
 * <p><b>Cost.</b> It reads each recorded state once through the adapter, into hash maps (a boxed
 * {@link ObjectRef} per object and per reference, far more memory than the detector's CSR
 * arrays). Each round traces every process locally; a round that frees something can unpin
 * objects elsewhere, so a chain of remote references that is freed link by link can take a round
 * per link: O(rounds × (n + e)) time for n objects and e references, with at most n + 1 rounds
 * (each round but the last frees something). A distributed implementation pays, besides, a
 * message per dropped remote reference (the clean calls) and the leases' renewals.
 *
 * <p>Stateless and thread-safe when the adapter is: {@link #collect} only reads the snapshot.
 *
 * @param <S> the type the processes' state capture returns
 */
public final class ReferenceCountingCollector<S> {
    private final Class<S> stateType;
    private final HeapAdapter<? super S> adapter;

    private ReferenceCountingCollector(Class<S> stateType, HeapAdapter<? super S> adapter) {
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
    }

    /** A collector for recorded states of {@code stateType}, read through {@code adapter} (the detector's adapter). */
    public static <S> ReferenceCountingCollector<S> of(Class<S> stateType, HeapAdapter<? super S> adapter) {
        return new ReferenceCountingCollector<>(stateType, adapter);
    }

    /**
     * The objects reference counting frees in {@code snapshot}'s recorded state (process states
     * and channel states), sorted; an unmodifiable set.
     *
     * @throws MalformedHeapException if a recorded state is not of the state type, an object is
     *                                declared twice, or a reference comes from an undeclared object
     */
    public SortedSet<ObjectRef> collect(GlobalSnapshot<?> snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Map<ObjectRef, List<ObjectRef>> heap = new HashMap<>();
        Map<String, List<ObjectRef>> objectsOf = new LinkedHashMap<>();
        Map<String, Set<ObjectRef>> localRoots = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : snapshot.states().entrySet()) {
            String process = e.getKey();
            Object state = e.getValue();
            if (!stateType.isInstance(state)) {
                throw new MalformedHeapException(snapshot.id(), "the recorded state of process " + process + " is "
                        + (state == null ? "null" : "a " + state.getClass().getName()) + "; the collector expects "
                        + stateType.getName());
            }
            Reader reader = new Reader(snapshot.id(), process, heap);
            adapter.describe(process, stateType.cast(state), reader);
            objectsOf.put(process, reader.declared);
            localRoots.put(process, reader.roots);
        }

        Map<ObjectRef, Integer> remoteCount = new HashMap<>();
        heap.forEach((holder, refs) -> {
            for (ObjectRef r : refs) {
                if (!r.process().equals(holder.process())) {
                    remoteCount.merge(r, 1, Integer::sum);
                }
            }
        });
        for (Map.Entry<ChannelId, List<Object>> e : snapshot.channels().entrySet()) {
            for (Object m : e.getValue()) {
                adapter.referencesIn(m, (process, objectId) ->
                        remoteCount.merge(new ObjectRef(process, objectId), 1, Integer::sum)); // pinned until delivered
            }
        }

        SortedSet<ObjectRef> freed = new TreeSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, List<ObjectRef>> e : objectsOf.entrySet()) {
                String p = e.getKey();
                List<ObjectRef> live = e.getValue();
                Set<ObjectRef> reached = new HashSet<>();
                ArrayDeque<ObjectRef> todo = new ArrayDeque<>();
                for (ObjectRef o : live) {
                    if (localRoots.get(p).contains(o) || remoteCount.getOrDefault(o, 0) > 0) {
                        reached.add(o);
                        todo.add(o);
                    }
                }
                while (!todo.isEmpty()) {
                    for (ObjectRef t : heap.get(todo.poll())) {
                        if (t.process().equals(p) && heap.containsKey(t) && reached.add(t)) {
                            todo.add(t);
                        }
                    }
                }
                List<ObjectRef> kept = new ArrayList<>(reached.size());
                for (ObjectRef o : live) {
                    if (reached.contains(o)) {
                        kept.add(o);
                        continue;
                    }
                    for (ObjectRef r : heap.remove(o)) {
                        if (!r.process().equals(p)) {
                            remoteCount.merge(r, -1, Integer::sum);
                        }
                    }
                    freed.add(o);
                    changed = true;
                }
                e.setValue(kept);
            }
        }
        return Collections.unmodifiableSortedSet(freed);
    }

    /**
     * What the detector's {@code report} found garbage and reference counting did not free
     * ({@code freed}, from {@link #collect} on the same snapshot), sorted. When both ran on the
     * same snapshot its size is {@code report.retainedByCycles()}, and it contains every member of
     * every one of {@code report.distributedCycles()}.
     */
    public static SortedSet<ObjectRef> missed(GarbageReport report, Set<ObjectRef> freed) {
        SortedSet<ObjectRef> out = new TreeSet<>();
        report.garbage().forEach((p, ids) -> ids.stream().forEach(id -> out.add(new ObjectRef(p, id))));
        out.removeAll(freed);
        return Collections.unmodifiableSortedSet(out);
    }

    /** {@code refs} grouped by process, in the order the processes first appear. */
    public static Map<String, ObjectIds> byProcess(Set<ObjectRef> refs) {
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        for (ObjectRef r : refs) {
            ids.computeIfAbsent(r.process(), p -> new ArrayList<>()).add(r.objectId());
        }
        Map<String, ObjectIds> out = new LinkedHashMap<>();
        ids.forEach((p, l) -> out.put(p, ObjectIds.of(l)));
        return Collections.unmodifiableMap(out);
    }

    /** Reads one process's recorded state into the shared heap map. */
    private static final class Reader implements HeapAdapter.HeapSink {
        final long snapshotId;
        final String process;
        final Map<ObjectRef, List<ObjectRef>> heap;
        final List<ObjectRef> declared = new ArrayList<>();
        final Set<ObjectRef> roots = new HashSet<>();

        Reader(long snapshotId, String process, Map<ObjectRef, List<ObjectRef>> heap) {
            this.snapshotId = snapshotId;
            this.process = process;
            this.heap = heap;
        }

        @Override
        public void object(long objectId) {
            ObjectRef o = new ObjectRef(process, objectId);
            if (heap.putIfAbsent(o, new ArrayList<>()) != null) {
                throw new MalformedHeapException(snapshotId, "process " + process + " declares object " + objectId
                        + " twice");
            }
            declared.add(o);
        }

        @Override
        public void root(long objectId) {
            roots.add(new ObjectRef(process, objectId));
        }

        @Override
        public void reference(long from, long to) {
            reference(from, process, to);
        }

        @Override
        public void reference(long from, String toProcess, long objectId) {
            List<ObjectRef> refs = heap.get(new ObjectRef(process, from));
            if (refs == null) {
                throw new MalformedHeapException(snapshotId, "process " + process + " reports a reference from"
                        + " object " + from + ", which it has not declared");
            }
            refs.add(new ObjectRef(toProcess, objectId));
        }
    }
}
