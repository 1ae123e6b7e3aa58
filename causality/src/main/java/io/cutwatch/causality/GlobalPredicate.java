package io.cutwatch.causality;

import java.util.Objects;

/**
 * A predicate over global states (local variables of every process and channel contents).
 * Implementations must be pure: the lattice search may evaluate a state more than once.
 */
@FunctionalInterface
public interface GlobalPredicate {
    boolean test(GlobalState state);

    /** A short description used in answers; {@code "P"} unless named. */
    default String describe() {
        return "P";
    }

    default GlobalPredicate negate() {
        GlobalPredicate self = this;
        return named("not(" + describe() + ")", s -> !self.test(s));
    }

    default GlobalPredicate and(GlobalPredicate other) {
        GlobalPredicate self = this;
        return named(describe() + " and " + other.describe(), s -> self.test(s) && other.test(s));
    }

    default GlobalPredicate or(GlobalPredicate other) {
        GlobalPredicate self = this;
        return named(describe() + " or " + other.describe(), s -> self.test(s) || other.test(s));
    }

    /** {@code predicate} described as {@code name}. */
    static GlobalPredicate named(String name, GlobalPredicate predicate) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        return new GlobalPredicate() {
            @Override
            public boolean test(GlobalState state) {
                return predicate.test(state);
            }

            @Override
            public String describe() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
