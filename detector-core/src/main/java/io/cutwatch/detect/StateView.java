package io.cutwatch.detect;

import java.util.Objects;
import java.util.function.Function;

/**
 * The adapter an application implements so a detector can read its recorded process states: it
 * turns one process's captured state {@code S} (whatever the application's
 * {@code capture(...)} returns) into the small, detector-specific view {@code V} the detector
 * understands. The deadlock module's view is a process's wait-for edges, the gc module's its
 * objects, roots and references, the termination detector's a passive/active flag.
 *
 * <p>Contract: pure and side-effect free (it may be called more than once per state, on any
 * thread); it must not keep or mutate the state. To say "this state is malformed", throw: the
 * {@link SnapshotReader} wraps the exception in a {@link StateViewException} naming the snapshot
 * and the process, and the detector's report becomes FAILED.
 *
 * @param <S> the recorded state type of the application
 * @param <V> the view the detector consumes
 */
@FunctionalInterface
public interface StateView<S, V> {
    /** The view of {@code process}'s recorded {@code state} (never null; null is reported as an error). */
    V view(String process, S state);

    /** A view that ignores the process id. */
    static <S, V> StateView<S, V> of(Function<? super S, ? extends V> view) {
        Objects.requireNonNull(view, "view");
        return (process, state) -> view.apply(state);
    }
}
