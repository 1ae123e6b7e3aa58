package io.cutwatch.gc.store;

import io.cutwatch.gc.ObjectRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recorded state of one object-store process: its objects (ids strictly ascending, each
 * with the references it holds) and its local roots. An immutable deep copy, safe to keep in a
 * snapshot.
 *
 * <p>The components are plain records, lists and sets, so the state crosses a Hazelcast
 * cluster with zero-config Compact serialization (no registration, no Java serialization).
 *
 * @param heap  the objects, ids strictly ascending
 * @param roots the local roots, ascending
 */
public record HeapState(String process, List<HeapObject> heap, Set<Long> roots) {
    /** One object of the heap and the references it holds, in the order it holds them. */
    public record HeapObject(long id, List<ObjectRef> references) {
        public HeapObject {
            references = List.copyOf(references);
        }
    }

    /**
     * @throws IllegalArgumentException if the object ids are not strictly ascending
     */
    public HeapState {
        Objects.requireNonNull(process, "process");
        heap = List.copyOf(heap);
        for (int i = 1; i < heap.size(); i++) {
            if (heap.get(i - 1).id() >= heap.get(i).id()) {
                throw new IllegalArgumentException("process " + process + ": object ids must be strictly ascending,"
                        + " got " + heap.get(i - 1).id() + " before " + heap.get(i).id());
            }
        }
        roots = Collections.unmodifiableSortedSet(new TreeSet<>(roots));
    }

    /** The state of {@code objects} (id to references, any iteration order) and {@code roots}. */
    public HeapState(String process, Map<Long, ? extends List<ObjectRef>> objects, Set<Long> roots) {
        this(process, sorted(objects), roots);
    }

    private static List<HeapObject> sorted(Map<Long, ? extends List<ObjectRef>> objects) {
        List<HeapObject> out = new ArrayList<>(objects.size());
        objects.forEach((id, refs) -> out.add(new HeapObject(id, refs)));
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /** The objects as a map from id to references, ids ascending. A new map on each call: O(objects). */
    public Map<Long, List<ObjectRef>> objects() {
        Map<Long, List<ObjectRef>> out = new LinkedHashMap<>();
        for (HeapObject o : heap) {
            out.put(o.id(), o.references());
        }
        return Collections.unmodifiableMap(out);
    }

    public int objectCount() {
        return heap.size();
    }
}
