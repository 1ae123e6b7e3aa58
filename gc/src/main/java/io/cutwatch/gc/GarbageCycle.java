package io.cutwatch.gc;

import java.util.List;

/**
 * A distributed garbage cycle: a strongly connected set of garbage objects spanning at least
 * two processes. Every member keeps another member's remote reference count above zero, so
 * reference counting and leases (Java RMI's distributed GC) never free it, nor anything it
 * references; only tracing over a consistent cut does.
 *
 * @param members   the objects of the cycle, sorted
 * @param processes the processes hosting them, sorted (at least two)
 */
public record GarbageCycle(List<ObjectRef> members, List<String> processes) {
    public GarbageCycle {
        members = List.copyOf(members);
        processes = List.copyOf(processes);
        if (processes.size() < 2) {
            throw new IllegalArgumentException("a distributed cycle spans at least two processes, got " + processes);
        }
    }

    public int size() {
        return members.size();
    }

    @Override
    public String toString() {
        return "cycle over " + processes + " " + members;
    }
}
