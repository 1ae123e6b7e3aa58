package io.cutwatch.deadlock.lockservice;

import java.time.Duration;
import java.util.Objects;

/** One step of a transaction's plan. Immutable values. */
public sealed interface TxStep {
    /**
     * Lock {@code resource} in {@code mode}; the transaction waits until it is granted.
     *
     * @param resource the resource to lock
     * @param mode     shared or exclusive
     */
    record Acquire(String resource, LockMode mode) implements TxStep {
        public Acquire {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(mode, "mode");
        }

        /** An exclusive lock on {@code resource} (what every plan without modes asks). */
        public Acquire(String resource) {
            this(resource, LockMode.EXCLUSIVE);
        }
    }

    /** Give {@code resource} up early (before commit); it must be held. */
    record Release(String resource) implements TxStep {
        public Release {
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** Hold what is held for {@code duration} (of the backend's time). */
    record Work(Duration duration) implements TxStep {
        public Work {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative work duration " + duration);
            }
        }
    }

    static Acquire acquire(String resource) {
        return new Acquire(resource);
    }

    /** A shared (read) lock on {@code resource}. */
    static Acquire acquireShared(String resource) {
        return new Acquire(resource, LockMode.SHARED);
    }

    static Release release(String resource) {
        return new Release(resource);
    }

    static Work work(Duration d) {
        return new Work(d);
    }
}
