package io.cutwatch.causality;

import io.cutwatch.clock.CutConsistency;

/**
 * Questions about the causal structure of a {@link Trace}: happened-before, concurrency and cut
 * consistency.
 */
public final class Causality {
    private Causality() {
    }

    /** How two events are related. */
    public enum Relation { SAME, BEFORE, AFTER, CONCURRENT }

    /** {@code a -> b} in Lamport's happened-before. O(1). */
    public static boolean happenedBefore(Trace trace, TraceEvent a, TraceEvent b) {
        return trace.happenedBefore(a, b);
    }

    /** Distinct and unordered by happened-before. O(1). */
    public static boolean concurrent(Trace trace, TraceEvent a, TraceEvent b) {
        return trace.concurrent(a, b);
    }

    /** {@link Relation#BEFORE} when {@code a -> b}, {@link Relation#AFTER} when {@code b -> a}. O(1). */
    public static Relation relation(Trace trace, TraceEvent a, TraceEvent b) {
        if (a.equals(b)) {
            trace.requireOwn(a);
            return Relation.SAME;
        }
        if (trace.happenedBefore(a, b)) {
            return Relation.BEFORE;
        }
        return trace.happenedBefore(b, a) ? Relation.AFTER : Relation.CONCURRENT;
    }

    /** By event names, e.g. {@code relation(t, "p1", "q2")}. */
    public static Relation relation(Trace trace, String a, String b) {
        return relation(trace, trace.event(a), trace.event(b));
    }

    /**
     * Whether {@code cut} is consistent: closed under happened-before, equivalently no message is
     * received inside the cut but sent outside it. When it is not, the result names such a
     * send/receive pair (the first receive found, scanning processes in order).
     *
     * <p>O(n²) for a consistent cut (one clock comparison per process); finding the breaking pair
     * of an inconsistent cut costs O(events inside the cut).
     *
     * @throws IllegalArgumentException if the cut has the wrong number of entries or an entry
     *                                  exceeds its process's length (naming the process)
     */
    public static CutCheck isConsistent(Trace trace, Cut cut) {
        requireFits(trace, cut);
        int[] c = cut.raw();
        if (consistent(trace, c)) {
            return new CutCheck(cut, null, null);
        }
        int n = trace.processCount();
        for (int i = 0; i < n; i++) {
            int[] sp = trace.sendProc[i];
            int[] sl = trace.sendLen[i];
            for (int k = 0; k < c[i]; k++) {
                if (sp[k] >= 0 && sl[k] > c[sp[k]]) {
                    return new CutCheck(cut, trace.event(sp[k], sl[k] - 1), trace.event(i, k));
                }
            }
        }
        throw new AssertionError("clock check and message check disagree on " + cut);
    }

    /**
     * Clock-based check ({@link CutConsistency}, the same one snapshots are assembled with), O(n²);
     * {@code c} must fit the trace. The frontier of process {@code i} is its clock after its first
     * {@code c[i]} events, whose own entry is {@code c[i]}.
     */
    static boolean consistent(Trace trace, int[] c) {
        int n = c.length;
        int[][] vc = trace.vc;
        return CutConsistency.isConsistent(n, (holder, process) -> vc[holder][c[holder] * n + process]);
    }

    static void requireFits(Trace trace, Cut cut) {
        if (cut.size() != trace.processCount()) {
            throw new IllegalArgumentException("cut " + cut + " has " + cut.size() + " entries but the trace has "
                    + trace.processCount() + " processes " + trace.processes());
        }
        for (int i = 0; i < cut.size(); i++) {
            if (cut.get(i) > trace.length(i)) {
                throw new IllegalArgumentException("cut " + cut + " takes " + cut.get(i) + " events of process "
                        + trace.processes().get(i) + ", which has only " + trace.length(i));
            }
        }
    }
}
