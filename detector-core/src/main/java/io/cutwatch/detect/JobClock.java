package io.cutwatch.detect;

import io.cutwatch.runtime.Backend;
import io.cutwatch.sim.Simulation;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The time base of detection jobs: when periods elapse and how long detection took. On the
 * simulator it is virtual time (jobs are then as deterministic as the rest of the run); on a
 * cluster it is the JVM's monotonic clock.
 */
public interface JobClock {
    /** Monotonic nanoseconds (arbitrary origin). */
    long nanoTime();

    /** Runs {@code task} once after {@code delay} on some thread of this clock. */
    void schedule(Duration delay, Runnable task);

    /**
     * The clock of {@code backend}: its virtual time if it is a {@link Simulation}, otherwise
     * {@link System#nanoTime()} with the backend's timers.
     */
    static JobClock of(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        if (backend instanceof Simulation sim) {
            return new JobClock() {
                @Override
                public long nanoTime() {
                    return sim.nowMicros() * 1_000L;
                }

                @Override
                public void schedule(Duration delay, Runnable task) {
                    sim.schedule(delay, task);
                }
            };
        }
        return new JobClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                backend.schedule(delay, task);
            }
        };
    }

    /** {@link System#nanoTime()} with timers on {@code timers} (the caller owns and shuts it down). */
    static JobClock system(ScheduledExecutorService timers) {
        Objects.requireNonNull(timers, "timers");
        return new JobClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }
}
