package io.cutwatch.gc.store;

import io.cutwatch.gc.ObjectRef;

import java.util.List;
import java.util.Objects;

/**
 * The messages of the sample object store. Every message carries object references, which
 * is how references move between processes; {@link #references()} lists them (the garbage
 * detector treats them as roots while the message is in transit). Immutable values.
 */
public sealed interface StoreMessage {
    /** The references this message carries. */
    List<ObjectRef> references();

    /** "Keep this reference": the receiver allocates a new root object holding {@code ref}. */
    record Adopt(ObjectRef ref) implements StoreMessage {
        public Adopt {
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public List<ObjectRef> references() {
            return List.of(ref);
        }
    }

    /** "Store {@code ref} in your object {@code target}": a remote field write. */
    record StoreRef(ObjectRef target, ObjectRef ref) implements StoreMessage {
        public StoreRef {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public List<ObjectRef> references() {
            return List.of(target, ref);
        }
    }

    /**
     * One hop of building a ring of objects over several processes: the receiver allocates an
     * object holding {@code prev}, then passes it on to {@code rest.get(0)}, or, when
     * {@code rest} is empty, stores it in {@code head}, closing the cycle.
     */
    record RingHop(ObjectRef head, ObjectRef prev, List<String> rest) implements StoreMessage {
        public RingHop {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(prev, "prev");
            rest = List.copyOf(rest);
        }

        @Override
        public List<ObjectRef> references() {
            return List.of(head, prev);
        }
    }
}
