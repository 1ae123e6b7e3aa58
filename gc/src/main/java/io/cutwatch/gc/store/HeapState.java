package io.cutwatch.gc.store;

import io.cutwatch.gc.ObjectRef;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recorded state of one object-store process: its objects (id to the references each
 * holds, ids ascending) and its local roots. An immutable deep copy, safe to keep in a snapshot.
 */
public record HeapState(String process, Map<Long, List<ObjectRef>> objects, Set<Long> roots) {
    public HeapState {
        Map<Long, List<ObjectRef>> copy = new LinkedHashMap<>();
        objects.forEach((id, refs) -> copy.put(id, List.copyOf(refs)));
        objects = Collections.unmodifiableMap(copy);
        roots = Collections.unmodifiableSortedSet(new TreeSet<>(roots));
    }

    public int objectCount() {
        return objects.size();
    }
}
