package io.cutwatch.deadlock.lockservice;

/**
 * How a transaction locks a resource: shared (read) or exclusive (write). Two requests are
 * compatible only when both are shared; a lock's holders are always pairwise compatible.
 */
public enum LockMode {
    /** A read lock: held together with other shared holders. */
    SHARED,
    /** A write lock: held alone. The default of every plan step and message that names no mode. */
    EXCLUSIVE;

    /** Whether a lock in this mode can be held together with one in {@code other}. */
    public boolean compatibleWith(LockMode other) {
        return this == SHARED && other == SHARED;
    }
}
