package io.cutwatch.causality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conjunction of local predicates, one per constrained process: {@code l_p and l_q and ...};
 * processes without a local predicate are unconstrained.
 *
 * <p>{@link #possibly(Trace)} decides it without the lattice, in polynomial time, by weak
 * conjunctive predicate detection (Garg and Waldecker): for each constrained process, the candidate
 * local states are those satisfying its local predicate; a candidate of process {@code i} that
 * some current candidate of another process {@code j} causally requires more of (the clock of
 * {@code j}'s state counts more events of {@code i} than the candidate contains) can never be part
 * of an answer, because {@code j}'s candidates only move forward, and is discarded. When no
 * candidate is discarded any more the current candidates are pairwise consistent and form the
 * least consistent cut satisfying the conjunction; when a process runs out of candidates the
 * answer is no. Each local state is evaluated once and discarded at most once, so the time is
 * O(E + n · C) clock-entry comparisons for E events and C candidate states (at most O(n · E)),
 * plus the cost of the local predicates; memory is the candidate lists.
 *
 * <p>As a {@link GlobalPredicate} it can also be given to {@link Predicates} (e.g. for
 * definitely), which searches the lattice.
 */
public final class ConjunctivePredicate implements GlobalPredicate {
    private final Map<String, LocalPredicate> locals;
    private final String description;

    private ConjunctivePredicate(Map<String, LocalPredicate> locals, String description) {
        this.locals = Collections.unmodifiableMap(new LinkedHashMap<>(locals));
        this.description = description;
    }

    /** The conjunction of the given local predicates, keyed by process id. */
    public static ConjunctivePredicate of(Map<String, LocalPredicate> locals) {
        return new ConjunctivePredicate(locals, "conjunction over " + locals.keySet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a conjunction one process at a time. */
    public static final class Builder {
        private final Map<String, LocalPredicate> locals = new LinkedHashMap<>();
        private final List<String> parts = new ArrayList<>();

        /** Adds {@code predicate} on {@code processId}, described as {@code description} (e.g. {@code p.x>0}). */
        public Builder local(String processId, String description, LocalPredicate predicate) {
            Objects.requireNonNull(predicate, "predicate");
            if (locals.putIfAbsent(processId, predicate) != null) {
                throw new IllegalArgumentException("process " + processId + " already has a local predicate;"
                        + " combine them into one");
            }
            parts.add(description);
            return this;
        }

        public Builder local(String processId, LocalPredicate predicate) {
            return local(processId, "l(" + processId + ")", predicate);
        }

        /** {@code processId}'s variable {@code variable} equals {@code value} (after normalisation). */
        public Builder equals(String processId, String variable, Object value) {
            Object v = TraceEvent.normalize(value);
            return local(processId, processId + "." + variable + "=" + value, vars -> Objects.equals(vars.get(variable), v));
        }

        public ConjunctivePredicate build() {
            return new ConjunctivePredicate(locals, String.join(" and ", parts));
        }
    }

    /** The local predicates by process id. */
    public Map<String, LocalPredicate> locals() {
        return locals;
    }

    @Override
    public boolean test(GlobalState state) {
        for (Map.Entry<String, LocalPredicate> e : locals.entrySet()) {
            if (!e.getValue().test(state.variables(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Whether some consistent global state satisfies the conjunction, in polynomial time (see the
     * class comment). The witness is the least such state (the answer of a level-by-level lattice
     * search would be the same state) with a path leading to it.
     *
     * @throws IllegalArgumentException if a local predicate names a process not in the trace
     */
    public PredicateResult possibly(Trace trace) {
        int n = trace.processCount();
        int[] constrained = new int[locals.size()];
        LocalPredicate[] preds = new LocalPredicate[n];
        int m = 0;
        for (Map.Entry<String, LocalPredicate> e : locals.entrySet()) {
            int i = trace.indexOf(e.getKey());
            preds[i] = e.getValue();
            constrained[m++] = i;
        }
        long explored = 0;
        // candidate local states (prefix lengths) per constrained process
        int[][] cand = new int[n][];
        int[] candCount = new int[n];
        for (int i : constrained) {
            int len = trace.length(i);
            int[] list = new int[Math.min(len + 1, 16)];
            int c = 0;
            for (int k = 0; k <= len; k++) {
                explored++;
                boolean ok;
                try {
                    ok = preds[i].test(trace.localState(i, k));
                } catch (RuntimeException ex) {
                    throw new IllegalArgumentException("local predicate of " + trace.processes().get(i)
                            + " failed on its state after " + k + " event(s): " + ex, ex);
                }
                if (ok) {
                    if (c == list.length) {
                        list = java.util.Arrays.copyOf(list, Math.min(len + 1, list.length * 2));
                    }
                    list[c++] = k;
                }
            }
            if (c == 0) {
                return new PredicateResult(PredicateResult.Modality.POSSIBLY, description, false, null, List.of(),
                        explored);
            }
            cand[i] = list;
            candCount[i] = c;
        }
        int[] ptr = new int[n];
        int[] cut = new int[n];
        for (int i : constrained) {
            cut[i] = cand[i][0];
        }
        int[][] vc = trace.vc;
        // worklist of processes whose candidate changed
        int[] queue = new int[n];
        boolean[] queued = new boolean[n];
        int head = 0;
        int size = 0;
        for (int i : constrained) {
            queue[(head + size++) % n] = i;
            queued[i] = true;
        }
        while (size > 0) {
            int j = queue[head];
            head = (head + 1) % n;
            size--;
            queued[j] = false;
            int base = cut[j] * n;
            for (int i : constrained) {
                if (i == j) {
                    continue;
                }
                int need = vc[j][base + i];
                if (need > cut[i]) {
                    // candidates of i below `need` are causally required to be exceeded: discard them
                    int p = lowerBound(cand[i], ptr[i] + 1, candCount[i], need);
                    if (p == candCount[i]) {
                        return new PredicateResult(PredicateResult.Modality.POSSIBLY, description, false, null,
                                List.of(), explored);
                    }
                    ptr[i] = p;
                    cut[i] = cand[i][p];
                    if (!queued[i]) {
                        queue[(head + size++) % n] = i;
                        queued[i] = true;
                    }
                }
            }
        }
        // unconstrained processes: the least prefix that the chosen states require
        boolean[] isConstrained = new boolean[n];
        for (int i : constrained) {
            isConstrained[i] = true;
        }
        for (int j = 0; j < n; j++) {
            if (!isConstrained[j]) {
                int need = 0;
                for (int i : constrained) {
                    need = Math.max(need, vc[i][cut[i] * n + j]);
                }
                cut[j] = need;
            }
        }
        GlobalState state = new GlobalState(trace, cut);
        List<TraceEvent> path = Lattice.pathUnchecked(trace, new int[n], cut);
        return new PredicateResult(PredicateResult.Modality.POSSIBLY, description, true, state, path, explored);
    }

    /** First index in [from, to) whose value is >= key (list sorted ascending). */
    private static int lowerBound(int[] a, int from, int to, int key) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
