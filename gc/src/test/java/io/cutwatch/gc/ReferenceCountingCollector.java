package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The baseline: distributed reference counting with local tracing, as Java RMI's distributed GC
 * (dirty/clean calls, leases) does it. Each process traces locally from its own roots and from
 * every object some other process (or a message in transit) still references; what it does not
 * reach it frees, and freeing drops the remote counts its objects held. Repeated until nothing
 * changes. Test code only: run on a recorded snapshot, it shows what such a collector can
 * never free, the distributed cycles and what they reference.
 */
final class ReferenceCountingCollector {
    private ReferenceCountingCollector() {
    }

    /** The objects reference counting frees in {@code snapshot}'s recorded state. */
    static Set<ObjectRef> collect(GlobalSnapshot<?> snapshot) {
        Map<ObjectRef, List<ObjectRef>> heap = new HashMap<>();
        Map<String, Set<ObjectRef>> localRoots = new HashMap<>();
        for (Object st : snapshot.states().values()) {
            HeapState h = (HeapState) st;
            Set<ObjectRef> roots = new HashSet<>();
            h.objects().forEach((id, refs) -> heap.put(new ObjectRef(h.process(), id), refs));
            h.roots().forEach(r -> roots.add(new ObjectRef(h.process(), r)));
            localRoots.put(h.process(), roots);
        }
        Map<ObjectRef, Integer> remoteCount = new HashMap<>();
        heap.forEach((holder, refs) -> {
            for (ObjectRef r : refs) {
                if (!r.process().equals(holder.process())) {
                    remoteCount.merge(r, 1, Integer::sum);
                }
            }
        });
        for (List<Object> msgs : snapshot.channels().values()) {
            for (Object m : msgs) {
                for (ObjectRef r : ((StoreMessage) m).references()) {
                    remoteCount.merge(r, 1, Integer::sum); // pinned until delivered
                }
            }
        }
        Set<ObjectRef> freed = new TreeSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String p : localRoots.keySet()) {
                Set<ObjectRef> reached = new HashSet<>();
                ArrayDeque<ObjectRef> todo = new ArrayDeque<>();
                for (ObjectRef o : heap.keySet()) {
                    if (o.process().equals(p) && (localRoots.get(p).contains(o) || remoteCount.getOrDefault(o, 0) > 0)) {
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
                for (ObjectRef o : List.copyOf(heap.keySet())) {
                    if (o.process().equals(p) && !reached.contains(o)) {
                        for (ObjectRef r : heap.remove(o)) {
                            if (!r.process().equals(p)) {
                                remoteCount.merge(r, -1, Integer::sum);
                            }
                        }
                        freed.add(o);
                        changed = true;
                    }
                }
            }
        }
        return freed;
    }
}
