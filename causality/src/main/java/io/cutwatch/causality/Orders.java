package io.cutwatch.causality;

import java.util.ArrayList;
import java.util.List;

/** Checks whether a total order of a trace's events is a run or a linearization. O(E) each. */
public final class Orders {
    private Orders() {
    }

    /**
     * Whether {@code order} is a run: every event exactly once, each process's events in their own
     * order. If not, names the first pair (in order position) that breaks it.
     */
    public static OrderCheck checkRun(Trace trace, List<TraceEvent> order) {
        OrderCheck c = classify(trace, order);
        return c.isRun() ? new OrderCheck(c.verdict(), true, -1, null, null,
                "the order is a run" + (c.isLinearization() ? " (and a linearization)" : "")) : c;
    }

    /**
     * Whether {@code order} is a linearization: a run that respects happened-before. If not, names
     * the first breaking pair; an order that is not even a run reports that first.
     */
    public static OrderCheck checkLinearization(Trace trace, List<TraceEvent> order) {
        return classify(trace, order);
    }

    /** {@link #checkRun} with events named as in {@link Trace#event(String)}. */
    public static OrderCheck checkRunByName(Trace trace, List<String> names) {
        return checkRun(trace, resolve(trace, names));
    }

    /** {@link #checkLinearization} with events named as in {@link Trace#event(String)}. */
    public static OrderCheck checkLinearizationByName(Trace trace, List<String> names) {
        return checkLinearization(trace, resolve(trace, names));
    }

    /** Parses {@code "p0,q0,q1"} (commas and/or spaces) into events. */
    public static List<TraceEvent> parse(Trace trace, String order) {
        List<String> names = new ArrayList<>();
        for (String s : order.trim().split("[,\\s]+")) {
            if (!s.isEmpty()) {
                names.add(s);
            }
        }
        return resolve(trace, names);
    }

    private static List<TraceEvent> resolve(Trace trace, List<String> names) {
        List<TraceEvent> out = new ArrayList<>(names.size());
        for (int pos = 0; pos < names.size(); pos++) {
            try {
                out.add(trace.event(names.get(pos)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("position " + (pos + 1) + " of the order: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static OrderCheck classify(Trace trace, List<TraceEvent> order) {
        int n = trace.processCount();
        int[] next = new int[n];
        int[][] seenAt = new int[n][];
        for (int i = 0; i < n; i++) {
            seenAt[i] = new int[trace.length(i)];
            java.util.Arrays.fill(seenAt[i], -1);
        }
        // pass 1: run property
        for (int pos = 0; pos < order.size(); pos++) {
            TraceEvent e = order.get(pos);
            try {
                trace.requireOwn(e);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("position " + (pos + 1) + " of the order: " + ex.getMessage(), ex);
            }
            int i = e.process();
            int k = e.index();
            if (seenAt[i][k] >= 0) {
                return notRun(pos, e, e, e.name() + " appears twice (positions " + (seenAt[i][k] + 1) + " and "
                        + (pos + 1) + "): not even a run");
            }
            if (k != next[i]) {
                TraceEvent missing = trace.event(i, next[i]);
                return notRun(pos, missing, e, e.name() + " (position " + (pos + 1) + ") comes before " + missing.name()
                        + ", which precedes it on process " + e.processId() + ": not even a run");
            }
            seenAt[i][k] = pos;
            next[i]++;
        }
        for (int i = 0; i < n; i++) {
            if (next[i] < trace.length(i)) {
                int missingCount = trace.eventCount() - order.size();
                TraceEvent missing = trace.event(i, next[i]);
                return notRun(order.size(), missing, null, "the order misses " + missingCount + " event(s), first "
                        + missing.name() + ": not even a run");
            }
        }
        // pass 2: every receive after its send
        for (int pos = 0; pos < order.size(); pos++) {
            TraceEvent e = order.get(pos);
            int sp = trace.sendProc[e.process()][e.index()];
            if (sp >= 0) {
                int sk = trace.sendLen[e.process()][e.index()] - 1;
                if (seenAt[sp][sk] > pos) {
                    TraceEvent send = trace.event(sp, sk);
                    return new OrderCheck(OrderCheck.Verdict.RUN_NOT_LINEARIZATION, false, pos, send, e,
                            e.name() + " (position " + (pos + 1) + ") receives message '" + e.messageId()
                                    + "' before its send " + send.name() + " (position " + (seenAt[sp][sk] + 1)
                                    + "): a run, but not a linearization");
                }
            }
        }
        return new OrderCheck(OrderCheck.Verdict.LINEARIZATION, true, -1, null, null, "the order is a linearization");
    }

    private static OrderCheck notRun(int pos, TraceEvent first, TraceEvent second, String reason) {
        return new OrderCheck(OrderCheck.Verdict.NOT_A_RUN, false, pos, first, second, reason);
    }
}
