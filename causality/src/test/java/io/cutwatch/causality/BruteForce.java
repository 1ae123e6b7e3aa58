package io.cutwatch.causality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Oracles that share nothing with the code under test except the trace's event lists: an explicit
 * happened-before closure, all cuts filtered by consistency, all linearizations.
 */
final class BruteForce {
    final Trace trace;
    final int n;
    final List<TraceEvent> all = new ArrayList<>();
    final Map<TraceEvent, Integer> id = new HashMap<>();
    /** before[a][b]: event a happened before event b. */
    final boolean[][] before;

    BruteForce(Trace trace) {
        this.trace = trace;
        this.n = trace.processCount();
        for (int i = 0; i < n; i++) {
            for (TraceEvent e : trace.events(i)) {
                id.put(e, all.size());
                all.add(e);
            }
        }
        int m = all.size();
        before = new boolean[m][m];
        Map<String, TraceEvent> sends = new HashMap<>();
        for (TraceEvent e : all) {
            if (e.kind() == EventKind.SEND) {
                sends.put(e.messageId(), e);
            }
        }
        for (TraceEvent e : all) {
            if (e.index() > 0) {
                before[id.get(trace.event(e.process(), e.index() - 1))][id.get(e)] = true;
            }
            if (e.kind() == EventKind.RECEIVE) {
                before[id.get(sends.get(e.messageId()))][id.get(e)] = true;
            }
        }
        for (int k = 0; k < m; k++) {
            for (int a = 0; a < m; a++) {
                if (before[a][k]) {
                    for (int b = 0; b < m; b++) {
                        if (before[k][b]) {
                            before[a][b] = true;
                        }
                    }
                }
            }
        }
    }

    boolean happenedBefore(TraceEvent a, TraceEvent b) {
        return before[id.get(a)][id.get(b)];
    }

    boolean inCut(int[] c, TraceEvent e) {
        return e.index() < c[e.process()];
    }

    /** Left-closed under happened-before. */
    boolean consistent(int[] c) {
        for (TraceEvent e : all) {
            if (!inCut(c, e)) {
                continue;
            }
            for (TraceEvent f : all) {
                if (before[id.get(f)][id.get(e)] && !inCut(c, f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** All consistent cuts by rank, each rank sorted. */
    List<TreeSet<Cut>> consistentCutsByRank() {
        List<TreeSet<Cut>> out = new ArrayList<>();
        for (int k = 0; k <= all.size(); k++) {
            out.add(new TreeSet<>());
        }
        int[] c = new int[n];
        while (true) {
            if (consistent(c)) {
                out.get(Cut.of(c).rank()).add(Cut.of(c));
            }
            int i = 0;
            while (i < n && c[i] == trace.length(i)) {
                c[i] = 0;
                i++;
            }
            if (i == n) {
                return out;
            }
            c[i]++;
        }
    }

    /** Calls {@code sink} with every linearization (order of all events respecting happened-before). */
    void forEachLinearization(Consumer<List<TraceEvent>> sink) {
        List<TraceEvent> prefix = new ArrayList<>();
        boolean[] done = new boolean[all.size()];
        extend(prefix, done, sink);
    }

    private void extend(List<TraceEvent> prefix, boolean[] done, Consumer<List<TraceEvent>> sink) {
        if (prefix.size() == all.size()) {
            sink.accept(List.copyOf(prefix));
            return;
        }
        for (int e = 0; e < all.size(); e++) {
            if (done[e]) {
                continue;
            }
            boolean ready = true;
            for (int f = 0; f < all.size(); f++) {
                if (before[f][e] && !done[f]) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                done[e] = true;
                prefix.add(all.get(e));
                extend(prefix, done, sink);
                prefix.remove(prefix.size() - 1);
                done[e] = false;
            }
        }
    }

    /** The states (cuts) a linearization passes through, from the empty cut to the full one. */
    List<Cut> states(List<TraceEvent> linearization) {
        List<Cut> out = new ArrayList<>();
        int[] c = new int[n];
        out.add(Cut.of(c));
        for (TraceEvent e : linearization) {
            c[e.process()]++;
            out.add(Cut.of(c));
        }
        return out;
    }

    /** possibly, definitely, invariant by brute force over all linearizations. */
    boolean[] modalities(Predicate<Cut> p) {
        Map<Cut, Boolean> memo = new HashMap<>();
        boolean[] possibly = {false};
        boolean[] definitely = {true};
        boolean[] invariant = {true};
        forEachLinearization(lin -> {
            boolean met = false;
            for (Cut c : states(lin)) {
                boolean v = memo.computeIfAbsent(c, p::test);
                met |= v;
                invariant[0] &= v;
            }
            possibly[0] |= met;
            definitely[0] &= met;
        });
        return new boolean[] {possibly[0], definitely[0], invariant[0]};
    }
}
