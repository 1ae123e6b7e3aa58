package io.cutwatch.deadlock;

import io.cutwatch.model.CutwatchException;

/**
 * A {@link VictimPolicy} chose a victim that is not a vertex of the deadlocked set it was asked
 * about (or chose none). Aborting it would not break the deadlock; fix the policy.
 */
public class InvalidVictimException extends CutwatchException {
    public InvalidVictimException(String message) {
        super(message);
    }
}
