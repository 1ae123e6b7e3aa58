package io.cutwatch.causality;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer to possibly / definitely / invariant, with its witness.
 *
 * @param modality       which question was asked
 * @param predicate      the predicate's description
 * @param holds          the answer
 * @param state          the witness state: for possibly, a state satisfying the predicate; for
 *                       invariant, a state breaking it; otherwise {@code null}
 * @param path           the events leading from the initial state to {@code state} (one
 *                       linearization prefix), or for a failed definitely a whole linearization
 *                       that never passes through a state satisfying the predicate; empty if no
 *                       witness
 * @param statesExplored how many global states were evaluated or visited
 */
public record PredicateResult(Modality modality, String predicate, boolean holds, GlobalState state,
                              List<TraceEvent> path, long statesExplored) {

    /** The question asked. */
    public enum Modality { POSSIBLY, DEFINITELY, INVARIANT }

    public PredicateResult {
        path = List.copyOf(path);
    }

    /** The witness state, if the answer has one. */
    public Optional<GlobalState> witness() {
        return Optional.ofNullable(state);
    }

    /** The witness path as event names, e.g. {@code "p0 q0 p1"}. */
    public String pathText() {
        return path.stream().map(TraceEvent::name).collect(Collectors.joining(" "));
    }

    /** A sentence stating the answer and its witness. */
    public String explanation() {
        String q = modality.name().toLowerCase(java.util.Locale.ROOT) + "(" + predicate + ")";
        switch (modality) {
            case POSSIBLY:
                return holds ? q + " holds: state " + state + " satisfies it, reached by [" + pathText() + "]"
                        : q + " fails: none of the " + statesExplored + " consistent states satisfies it";
            case INVARIANT:
                return holds ? q + " holds in all " + statesExplored + " consistent states"
                        : q + " fails: state " + state + " breaks it, reached by [" + pathText() + "]";
            default:
                return holds ? q + " holds: every linearization passes through a state satisfying it"
                        : q + " fails: linearization [" + pathText() + "] never passes through a state satisfying it";
        }
    }

    @Override
    public String toString() {
        return explanation();
    }
}
