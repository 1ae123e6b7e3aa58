package io.cutwatch.causality;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Global predicate detection over the lattice of consistent global states (Cooper-Marzullo).
 *
 * <ul>
 *   <li>{@link #possibly}: some consistent global state (hence some linearization) satisfies P;</li>
 *   <li>{@link #definitely}: every linearization passes through a state satisfying P (liveness);</li>
 *   <li>{@link #invariant}: every consistent global state satisfies P (safety); equal to
 *       not possibly(not P).</li>
 * </ul>
 *
 * <p>All three walk the lattice level by level with memory bounded by two levels; time is
 * proportional to the number of consistent states times the cost of P, which can be exponential in
 * the number of processes. For a conjunction of local predicates use
 * {@link ConjunctivePredicate#possibly(Trace)}, which is polynomial.
 */
public final class Predicates {
    private Predicates() {
    }

    /**
     * Whether some consistent global state satisfies {@code p}. The witness is a state of lowest
     * rank satisfying it, with a path leading to it.
     */
    public static PredicateResult possibly(Trace trace, GlobalPredicate p) {
        return search(trace, p, false, PredicateResult.Modality.POSSIBLY);
    }

    /**
     * Whether every consistent global state satisfies {@code p}. If not, the witness is a state of
     * lowest rank breaking it, with a path leading to it.
     */
    public static PredicateResult invariant(Trace trace, GlobalPredicate p) {
        return search(trace, p, true, PredicateResult.Modality.INVARIANT);
    }

    private static PredicateResult search(Trace trace, GlobalPredicate p, boolean negate,
                                          PredicateResult.Modality modality) {
        long explored = 0;
        int n = trace.processCount();
        Iterator<Lattice.Level> it = Lattice.of(trace).levels();
        while (it.hasNext()) {
            Lattice.Level level = it.next();
            int[] flat = level.flat();
            for (int s = 0; s < level.size(); s++) {
                int[] c = new int[n];
                System.arraycopy(flat, s * n, c, 0, n);
                GlobalState g = new GlobalState(trace, c);
                explored++;
                if (evaluate(p, g) != negate) {
                    List<TraceEvent> path = Lattice.pathUnchecked(trace, new int[n], c);
                    return new PredicateResult(modality, p.describe(), !negate, g, path, explored);
                }
            }
        }
        return new PredicateResult(modality, p.describe(), negate, null, List.of(), explored);
    }

    /**
     * Whether every linearization passes through a global state satisfying {@code p}.
     *
     * <p>Walks level by level the states reachable from the initial state through states not
     * satisfying p (deduplicated per level in a hash set); p holds definitely iff that set dies
     * out before the final state. If it does not, the witness is a whole linearization avoiding p,
     * found by a depth-first search over the states violating p (memory proportional to the
     * states that search visits).
     */
    public static PredicateResult definitely(Trace trace, GlobalPredicate p) {
        int n = trace.processCount();
        int height = trace.eventCount();
        long explored = 1;
        int[] bottom = new int[n];
        if (evaluate(p, new GlobalState(trace, bottom))) {
            return new PredicateResult(PredicateResult.Modality.DEFINITELY, p.describe(), true, null, List.of(), explored);
        }
        List<int[]> level = new ArrayList<>();
        level.add(bottom);
        for (int rank = 0; rank < height; rank++) {
            List<int[]> next = new ArrayList<>();
            CutSet seen = new CutSet(trace, level.size() * 2);
            for (int[] c : level) {
                for (int i = 0; i < n; i++) {
                    if (!Lattice.enabled(trace, c, i)) {
                        continue;
                    }
                    int[] d = c.clone();
                    d[i]++;
                    if (!seen.add(d)) {
                        continue;
                    }
                    explored++;
                    if (!evaluate(p, new GlobalState(trace, d))) {
                        next.add(d);
                    }
                }
            }
            if (next.isEmpty()) {
                return new PredicateResult(PredicateResult.Modality.DEFINITELY, p.describe(), true, null, List.of(),
                        explored);
            }
            level = next;
        }
        List<TraceEvent> avoiding = avoidingLinearization(trace, p);
        return new PredicateResult(PredicateResult.Modality.DEFINITELY, p.describe(), false, null, avoiding, explored);
    }

    /** Depth-first search from bottom to top through states violating p. */
    private static List<TraceEvent> avoidingLinearization(Trace trace, GlobalPredicate p) {
        int n = trace.processCount();
        int[] top = trace.top().raw();
        Set<Cut> visited = new HashSet<>();
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextProcess = new ArrayDeque<>();
        List<TraceEvent> path = new ArrayList<>();
        int[] start = new int[n];
        stack.push(start);
        nextProcess.push(0);
        visited.add(Cut.of(start));
        while (!stack.isEmpty()) {
            int[] c = stack.peek();
            if (java.util.Arrays.equals(c, top)) {
                return Collections.unmodifiableList(path);
            }
            int i = nextProcess.pop();
            boolean pushed = false;
            for (; i < n; i++) {
                if (!Lattice.enabled(trace, c, i)) {
                    continue;
                }
                int[] d = c.clone();
                d[i]++;
                if (!visited.add(Cut.wrap(d)) || evaluate(p, new GlobalState(trace, d))) {
                    continue;
                }
                nextProcess.push(i + 1);
                stack.push(d);
                nextProcess.push(0);
                path.add(trace.event(i, c[i]));
                pushed = true;
                break;
            }
            if (!pushed) {
                stack.pop();
                if (!path.isEmpty()) {
                    path.remove(path.size() - 1);
                }
            }
        }
        throw new AssertionError("the level search found the top state avoiding the predicate but the depth-first search did not");
    }

    static boolean evaluate(GlobalPredicate p, GlobalState g) {
        try {
            return p.test(g);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("predicate " + p.describe() + " failed on state " + g.cut() + ": " + e, e);
        }
    }
}
