package io.cutwatch.deadlock.lockservice;

import java.time.Duration;
import java.util.Objects;

/** One step of a transaction's plan. Immutable values. */
public sealed interface TxStep {
    /** Lock {@code resource} exclusively; the transaction waits until it is granted. */
    record Acquire(String resource) implements TxStep {
        public Acquire {
            Objects.requireNonNull(resource, "resource");
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

    static Release release(String resource) {
        return new Release(resource);
    }

    static Work work(Duration d) {
        return new Work(d);
    }
}
