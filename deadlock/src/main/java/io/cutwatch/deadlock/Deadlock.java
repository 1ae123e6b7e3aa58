package io.cutwatch.deadlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One deadlocked set found in a snapshot.
 *
 * @param members every vertex of the deadlocked strongly connected component (AND model) or knot
 *                (OR model), in {@link NaturalOrder}
 * @param cycle   one concrete cycle inside it, as consecutive waits: {@code cycle.get(i).holder()}
 *                is {@code cycle.get(i+1).waiter()}, and the last holder is the first waiter. It starts
 *                at the member first in {@link NaturalOrder} and is a shortest cycle through it.
 * @param waits   every wait between two members (the cycle's waits included)
 * @param victim  the member of the cycle the {@link VictimPolicy} suggests aborting: exactly one
 *                per deadlocked set
 */
public record Deadlock(List<String> members, List<WaitForEdge> cycle, List<WaitForEdge> waits, String victim) {
    public Deadlock {
        members = List.copyOf(members);
        cycle = List.copyOf(cycle);
        waits = List.copyOf(waits);
        Objects.requireNonNull(victim, "victim");
        if (cycle.isEmpty()) {
            throw new IllegalArgumentException("a deadlock needs a cycle; members " + members);
        }
        for (int i = 0; i < cycle.size(); i++) {
            WaitForEdge e = cycle.get(i);
            WaitForEdge next = cycle.get((i + 1) % cycle.size());
            if (!e.holder().equals(next.waiter())) {
                throw new IllegalArgumentException("not a cycle: " + e + " is followed by " + next);
            }
        }
    }

    /** The vertices along the cycle, each once, from its start. */
    public List<String> cycleVertices() {
        List<String> out = new ArrayList<>(cycle.size());
        for (WaitForEdge e : cycle) {
            out.add(e.waiter());
        }
        return out;
    }

    /** {@code t1 -[r0@p0]-> t2 -[r1@p1]-> t1}. */
    public String cycleText() {
        StringJoiner j = new StringJoiner(" ");
        j.add(cycle.get(0).waiter());
        for (WaitForEdge e : cycle) {
            j.add("-[" + e.resource() + "]->").add(e.holder());
        }
        return j.toString();
    }

    @Override
    public String toString() {
        return cycleText() + " (victim " + victim + (members.size() > cycle.size() ? ", " + members.size()
                + " members" : "") + ")";
    }
}
