package io.cutwatch.deadlock;

import java.util.List;
import java.util.Objects;

/**
 * What one message recorded in transit does to the wait-for graph: waits it starts (a request
 * the holder's side has not seen yet) and waits it ends (a grant or release on its way).
 *
 * <p>Effects are combined order-independently: the graph is the union of the recorded states'
 * edges and every {@link #adds()}, minus every edge any {@link #ends()} matches. Ends win, which
 * can only remove cycles: a wait whose end is already on a reliable channel is not a wait.
 */
public record InTransitEffect(List<WaitForEdge> adds, List<WaitEnd> ends) {
    private static final InTransitEffect NONE = new InTransitEffect(List.of(), List.of());

    public InTransitEffect {
        adds = List.copyOf(Objects.requireNonNull(adds, "adds"));
        ends = List.copyOf(Objects.requireNonNull(ends, "ends"));
    }

    /** The message does not touch any wait. */
    public static InTransitEffect none() {
        return NONE;
    }

    public static InTransitEffect adds(WaitForEdge... edges) {
        return new InTransitEffect(List.of(edges), List.of());
    }

    public static InTransitEffect ends(WaitEnd... ends) {
        return new InTransitEffect(List.of(), List.of(ends));
    }

    public boolean isNone() {
        return adds.isEmpty() && ends.isEmpty();
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "no effect";
        }
        StringBuilder b = new StringBuilder();
        if (!adds.isEmpty()) {
            b.append("adds ").append(adds);
        }
        if (!ends.isEmpty()) {
            b.append(b.length() > 0 ? ", " : "").append("ends ").append(ends);
        }
        return b.toString();
    }
}
