package io.cutwatch.gc;

import io.cutwatch.process.ProcessEvent;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStore;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.sim.ExecutionLog;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deliberately simple, independent reachability oracle (hash sets, no CSR) over either the
 * real global state of a simulated run (live stores plus the messages really in flight, from
 * the execution log) or a snapshot's recorded states and channels.
 */
final class GroundTruth {
    /** Every object of the global state, and those reachable from roots and in-flight references. */
    record State(Set<ObjectRef> objects, Set<ObjectRef> reachable) {
        Set<ObjectRef> garbage() {
            Set<ObjectRef> g = new TreeSet<>(objects);
            g.removeAll(reachable);
            return g;
        }
    }

    private GroundTruth() {
    }

    /** The real global state now: live stores and the messages sent but not yet received. */
    static State live(Map<String, ObjectStore> stores, ExecutionLog log, Topology topology) {
        Map<ObjectRef, List<ObjectRef>> heap = new LinkedHashMap<>();
        List<ObjectRef> roots = new ArrayList<>();
        for (ObjectStore s : stores.values()) {
            for (long id : s.objectIds()) {
                heap.put(s.ref(id), List.copyOf(s.references(id)));
            }
            for (long r : s.roots()) {
                roots.add(s.ref(r));
            }
        }
        for (Object m : inFlight(log, topology)) {
            roots.addAll(((StoreMessage) m).references());
        }
        return reach(heap, roots);
    }

    /** The messages sent and not yet received now, over all channels. */
    static List<Object> inFlight(ExecutionLog log, Topology topology) {
        List<Object> out = new ArrayList<>();
        for (ChannelId c : topology.channels()) {
            Set<Long> received = new HashSet<>();
            for (ProcessEvent e : log.events(c.to())) {
                if (e.kind() == ProcessEvent.Kind.RECEIVE && c.equals(e.channel())) {
                    received.add(e.seq());
                }
            }
            for (ProcessEvent e : log.events(c.from())) {
                if (e.kind() == ProcessEvent.Kind.SEND && c.equals(e.channel()) && !received.contains(e.seq())) {
                    out.add(e.payload());
                }
            }
        }
        return out;
    }

    /** The snapshot's recorded global state; {@code channelRoots} false ignores in-transit references. */
    static State recorded(GlobalSnapshot<?> snapshot, boolean channelRoots) {
        Map<ObjectRef, List<ObjectRef>> heap = new LinkedHashMap<>();
        List<ObjectRef> roots = new ArrayList<>();
        for (Object st : snapshot.states().values()) {
            HeapState h = (HeapState) st;
            h.objects().forEach((id, refs) -> heap.put(new ObjectRef(h.process(), id), refs));
            for (long r : h.roots()) {
                roots.add(new ObjectRef(h.process(), r));
            }
        }
        if (channelRoots) {
            for (List<Object> msgs : snapshot.channels().values()) {
                for (Object m : msgs) {
                    roots.addAll(((StoreMessage) m).references());
                }
            }
        }
        return reach(heap, roots);
    }

    static State reach(Map<ObjectRef, List<ObjectRef>> heap, Collection<ObjectRef> roots) {
        Set<ObjectRef> seen = new HashSet<>();
        ArrayDeque<ObjectRef> todo = new ArrayDeque<>();
        for (ObjectRef r : roots) {
            if (heap.containsKey(r) && seen.add(r)) {
                todo.add(r);
            }
        }
        while (!todo.isEmpty()) {
            for (ObjectRef t : heap.get(todo.poll())) {
                if (heap.containsKey(t) && seen.add(t)) {
                    todo.add(t);
                }
            }
        }
        return new State(new TreeSet<>(heap.keySet()), seen);
    }

    /** The report's garbage as refs. */
    static Set<ObjectRef> garbageOf(GarbageReport report) {
        Set<ObjectRef> out = new TreeSet<>();
        report.garbage().forEach((p, ids) -> ids.stream().forEach(id -> out.add(new ObjectRef(p, id))));
        return out;
    }
}
