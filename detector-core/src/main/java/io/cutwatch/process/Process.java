package io.cutwatch.process;

/**
 * A running logical process: a state object owned by one thread, handlers that run there one at
 * a time (actor style), and channels to its neighbours. Obtain one from
 * {@link io.cutwatch.Cutwatch#process(String, Object)}.
 */
public interface Process<S> {
    String id();

    /** Runs {@code action} on the process's thread as a local event; returns at once. */
    void tell(LocalAction<S> action);

    ProcessStats stats();
}
