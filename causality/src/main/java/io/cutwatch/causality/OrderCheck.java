package io.cutwatch.causality;

/**
 * The answer to "is this total order of events a run / a linearization?".
 *
 * <p>A <em>run</em> lists every event of the trace exactly once and respects each process's own
 * order. A <em>linearization</em> (consistent run) is a run that also respects happened-before,
 * i.e. every receive comes after its send.
 *
 * @param verdict  the strongest property the order has
 * @param holds    whether the property asked for holds
 * @param position 0-based position in the order where the first violation shows (the later
 *                 element of the breaking pair, or the order's length for missing events); -1 if
 *                 none
 * @param first    the event that must come first in the breaking pair (or a missing / duplicated
 *                 event); {@code null} if none
 * @param second   the event that came too early (or the duplicate); {@code null} if none
 * @param reason   a sentence saying why
 */
public record OrderCheck(Verdict verdict, boolean holds, int position, TraceEvent first, TraceEvent second,
                         String reason) {

    /** Classification of an order, from strongest to weakest. */
    public enum Verdict {
        /** A run that respects happened-before. */
        LINEARIZATION,
        /** A run in which some receive precedes its send. */
        RUN_NOT_LINEARIZATION,
        /** Breaks a process's own order, repeats or misses an event: "not even a run". */
        NOT_A_RUN
    }

    public boolean isRun() {
        return verdict != Verdict.NOT_A_RUN;
    }

    public boolean isLinearization() {
        return verdict == Verdict.LINEARIZATION;
    }

    @Override
    public String toString() {
        return reason;
    }
}
