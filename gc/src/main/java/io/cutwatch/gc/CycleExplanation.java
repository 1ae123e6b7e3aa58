package io.cutwatch.gc;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one distributed garbage cycle keeps and what closes it, at one snapshot's cut.
 *
 * @param cycle     the cycle, equal to the one in {@link GarbageReport#distributedCycles()}
 * @param retained  the garbage reachable from the cycle's members that is not a member itself,
 *                  sorted: what reference counting misses because of this cycle (another cycle
 *                  may retain some of it too, and a cycle reachable from this one is listed here)
 * @param closing   the references between members that cross processes, ordered by holder then
 *                  target: each holds a member's remote count above zero
 */
public record CycleExplanation(GarbageCycle cycle, List<ObjectRef> retained, List<CycleReference> closing) {
    public CycleExplanation {
        Objects.requireNonNull(cycle, "cycle");
        retained = List.copyOf(retained);
        closing = List.copyOf(closing);
    }

    /**
     * One line per fact, e.g.
     * {@code "cycle over [a, b]: [a:1, b:1]; retains [b:2]; closed by a:1 -> b:1 (breaks the cycle alone), ..."}.
     */
    public String describe() {
        return cycle + "; retains " + retained + "; closed by "
                + closing.stream().map(CycleReference::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return describe();
    }
}
