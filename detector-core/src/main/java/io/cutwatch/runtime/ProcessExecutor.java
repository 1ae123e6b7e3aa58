package io.cutwatch.runtime;

import java.time.Duration;

/**
 * Runs one process's events one at a time, in submission order (timers in due order). The
 * simulator runs them on virtual time; a cluster backend on a serial executor over a thread pool.
 */
public interface ProcessExecutor {
    /** Runs {@code task} after every task submitted before it. */
    void execute(Runnable task);

    /** Runs {@code task} on this executor after {@code delay}. */
    void schedule(Duration delay, Runnable task);
}
