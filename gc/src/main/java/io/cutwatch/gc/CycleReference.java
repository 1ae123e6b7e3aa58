package io.cutwatch.gc;

import java.util.Objects;

/**
 * A reference between two members of a distributed garbage cycle that crosses processes: one of
 * the references that close the cycle. It is what keeps the target's remote reference count
 * above zero, so reference counting never frees the target.
 *
 * @param from             the member holding the reference
 * @param to               the member it refers to, on another process
 * @param breaksCycleAlone true when dropping this reference alone (at the holder, or the remote
 *                         count at the target's side) leaves the members no longer strongly
 *                         connected; false when another chain of members still closes the cycle
 */
public record CycleReference(ObjectRef from, ObjectRef to, boolean breaksCycleAlone) {
    public CycleReference {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.process().equals(to.process())) {
            throw new IllegalArgumentException("a closing reference crosses processes, got " + from + " -> " + to);
        }
    }

    @Override
    public String toString() {
        return from + " -> " + to + (breaksCycleAlone ? " (breaks the cycle alone)" : "");
    }
}
