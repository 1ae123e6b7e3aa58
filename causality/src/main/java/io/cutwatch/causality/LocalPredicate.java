package io.cutwatch.causality;

import java.util.Map;

/** A predicate over one process's local variables. Must be pure. */
@FunctionalInterface
public interface LocalPredicate {
    boolean test(Map<String, Object> variables);
}
