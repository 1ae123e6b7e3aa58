package io.cutwatch.process;

/**
 * A local event at a process (start-up, a timer, a request from outside): runs on the
 * process's thread with its state, like a {@link MessageHandler}.
 */
@FunctionalInterface
public interface LocalAction<S> {
    void run(S state, Context ctx);
}
