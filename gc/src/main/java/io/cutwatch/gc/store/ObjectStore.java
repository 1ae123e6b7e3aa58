package io.cutwatch.gc.store;

import io.cutwatch.process.Context;
import io.cutwatch.model.ChannelId;
import io.cutwatch.gc.ObjectIds;
import io.cutwatch.gc.ObjectRef;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live state of one process of the sample distributed object store: objects with ids, each
 * holding references to local and remote objects, and a set of local roots.
 *
 * <p>The mutator rule that makes garbage stable: a process only works on objects it reaches
 * from its own roots through local references (or on the object a message names, which the
 * message keeps reachable), and only hands out references it holds. So an object no one can
 * reach never gets a reference again. {@link #free} refuses to free an object that is a root or
 * locally reachable (that would be an unsafe reclaim) and ignores ids already freed.
 *
 * <p>Threading: owned by its process; use it only inside the process's handlers and actions.
 */
public final class ObjectStore {
    private final String self;
    private final TreeMap<Long, List<ObjectRef>> objects = new TreeMap<>();
    private final TreeSet<Long> roots = new TreeSet<>();
    private final TreeSet<Long> ringHeads = new TreeSet<>();
    private long nextId = 1;
    private long freed;
    private long ringsClosed;
    int operationsLeft;

    public ObjectStore(String self) {
        this.self = self;
    }

    public String self() {
        return self;
    }

    // ---- the heap ----

    /** Allocates an object holding no reference; it is garbage unless rooted or referenced. */
    public long allocate() {
        long id = nextId++;
        objects.put(id, new ArrayList<>());
        return id;
    }

    /** Allocates an object and makes it a local root. */
    public long allocateRoot() {
        long id = allocate();
        roots.add(id);
        return id;
    }

    public void root(long id) {
        require(id);
        roots.add(id);
    }

    /** Drops a local root (the object may become garbage). */
    public boolean unroot(long id) {
        return roots.remove(id);
    }

    /** Stores {@code ref} in object {@code holder}. */
    public void addReference(long holder, ObjectRef ref) {
        require(holder).add(ref);
    }

    /** Removes one occurrence of {@code ref} from object {@code holder}. */
    public boolean removeReference(long holder, ObjectRef ref) {
        return require(holder).remove(ref);
    }

    public boolean contains(long id) {
        return objects.containsKey(id);
    }

    /** The ids of the objects held now, ascending. */
    public Set<Long> objectIds() {
        return Collections.unmodifiableSet(objects.keySet());
    }

    public Set<Long> roots() {
        return Collections.unmodifiableSet(roots);
    }

    /** The references object {@code id} holds now. */
    public List<ObjectRef> references(long id) {
        return Collections.unmodifiableList(require(id));
    }

    public ObjectRef ref(long id) {
        return new ObjectRef(self, id);
    }

    /** Objects freed so far. */
    public long freedCount() {
        return freed;
    }

    /** Timer operations this process still has to run; 0 once it has stopped mutating on its own. */
    public int operationsLeft() {
        return Math.max(0, operationsLeft);
    }

    /** Distributed rings whose construction completed here. */
    public long ringsClosed() {
        return ringsClosed;
    }

    /** Objects reachable from the local roots through local references, ascending. O(objects + references). */
    public List<Long> locallyReachable() {
        TreeSet<Long> seen = new TreeSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        for (long r : roots) {
            if (seen.add(r)) {
                todo.add(r);
            }
        }
        while (!todo.isEmpty()) {
            for (ObjectRef ref : objects.get(todo.poll())) {
                if (ref.process().equals(self) && objects.containsKey(ref.objectId()) && seen.add(ref.objectId())) {
                    todo.add(ref.objectId());
                }
            }
        }
        return new ArrayList<>(seen);
    }

    /** An immutable deep copy of the heap: what a snapshot records. */
    public HeapState capture() {
        return new HeapState(self, objects, roots);
    }

    /**
     * Frees the given garbage objects; ids already freed are skipped. Returns how many were freed.
     *
     * @throws IllegalStateException if one of them is a root or reachable from a root (an unsafe
     *                               reclaim); nothing is freed then
     */
    public int free(ObjectIds garbage) {
        List<Long> live = locallyReachable();
        for (long id : live) {
            if (garbage.contains(id)) {
                throw new IllegalStateException("process " + self + " was asked to free object " + id
                        + ", which its roots reach: unsafe reclaim, nothing freed");
            }
        }
        int n = 0;
        for (int i = 0; i < garbage.size(); i++) {
            long id = garbage.get(i);
            if (objects.remove(id) != null) {
                ringHeads.remove(id);
                n++;
            }
        }
        freed += n;
        return n;
    }

    // ---- messages ----

    /**
     * Handles one message of the store protocol.
     *
     * @param unrootClosedRing probability of dropping the root of a ring this process started,
     *                         when the ring closes (leaving a distributed garbage cycle)
     * @throws IllegalStateException if the message names an object this process does not hold
     *                               (which means a live object was freed)
     */
    public void handle(StoreMessage message, Context ctx, double unrootClosedRing) {
        if (message instanceof StoreMessage.Adopt m) {
            long id = allocateRoot();
            addReference(id, m.ref());
        } else if (message instanceof StoreMessage.StoreRef m) {
            long target = localId(m.target());
            addReference(target, m.ref());
            if (ringHeads.remove(target)) {
                ringsClosed++;
                if (ctx.random().nextDouble() < unrootClosedRing) {
                    unroot(target);
                }
            }
        } else if (message instanceof StoreMessage.RingHop m) {
            long id = allocate();
            addReference(id, m.prev());
            if (m.rest().isEmpty()) {
                ctx.send(m.head().process(), new StoreMessage.StoreRef(m.head(), ref(id)));
            } else {
                ctx.send(m.rest().get(0), new StoreMessage.RingHop(m.head(), ref(id), m.rest().subList(1, m.rest().size())));
            }
        }
    }

    /**
     * Starts a ring over this process and {@code others} (in that order, then back here): a new
     * rooted head object here, one object per other process, each referencing the previous one,
     * and finally the head referencing the last. Every consecutive pair must have a channel.
     */
    public long startRing(List<String> others, Context ctx) {
        if (others.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one other process");
        }
        List<String> path = new ArrayList<>(others);
        path.add(0, self);
        path.add(self);
        for (int i = 0; i + 1 < path.size(); i++) {
            if (!ctx.topology().contains(ChannelId.of(path.get(i), path.get(i + 1)))) {
                throw new IllegalArgumentException("no channel " + path.get(i) + "->" + path.get(i + 1)
                        + " for a ring over " + path);
            }
        }
        long head = allocateRoot();
        ringHeads.add(head);
        ctx.send(others.get(0), new StoreMessage.RingHop(ref(head), ref(head), others.subList(1, others.size())));
        return head;
    }

    private long localId(ObjectRef ref) {
        if (!ref.process().equals(self)) {
            throw new IllegalStateException("process " + self + " got a message for object " + ref
                    + " of another process");
        }
        require(ref.objectId());
        return ref.objectId();
    }

    private List<ObjectRef> require(long id) {
        List<ObjectRef> refs = objects.get(id);
        if (refs == null) {
            throw new IllegalStateException("process " + self + " holds no object " + id
                    + (id < nextId ? " (it was freed: a reclaim freed a live object)" : ""));
        }
        return refs;
    }

    @Override
    public String toString() {
        return "ObjectStore{" + self + ", objects=" + objects.size() + ", roots=" + roots + "}";
    }
}
