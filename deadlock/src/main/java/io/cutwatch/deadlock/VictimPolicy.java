package io.cutwatch.deadlock;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses which member of a deadlock cycle to abort. Called once per deadlocked set, so a report
 * never names two victims for one cycle; the detector checks the choice is on the cycle and
 * throws {@link InvalidVictimException} otherwise.
 *
 * <p>Policies should be deterministic: successive snapshots that see the same cycle (while the
 * first abort is still on its way) then suggest the same victim, and aborting is idempotent.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface VictimPolicy {
    /**
     * @param cycle   the cycle's waits, as in {@link Deadlock#cycle()}
     * @param members all members of the deadlocked set
     * @return a vertex of the cycle
     */
    String choose(List<WaitForEdge> cycle, List<String> members);

    /**
     * The default: the youngest transaction, taken to be the one with the highest id in
     * {@link NaturalOrder} ({@code t10} after {@code t9}) — the one that has done the least work
     * when ids are handed out in start order.
     */
    static VictimPolicy highestId() {
        return maxBy(NaturalOrder.INSTANCE);
    }

    /** The cycle vertex that is greatest under {@code order} (e.g. by start time or by cost). */
    static VictimPolicy maxBy(Comparator<String> order) {
        Objects.requireNonNull(order, "order");
        return (cycle, members) -> {
            String best = null;
            for (WaitForEdge e : cycle) {
                if (best == null || order.compare(e.waiter(), best) > 0) {
                    best = e.waiter();
                }
            }
            return best;
        };
    }
}
