package io.cutwatch.process;

/**
 * Handles one application message at a process. Runs on the process's thread; never
 * concurrently with another handler or action of the same process. An exception is logged and
 * counted ({@link ProcessStats#handlerFailures()}); the process keeps running.
 */
@FunctionalInterface
public interface MessageHandler<S> {
    void handle(S state, String from, Object payload, Context ctx);
}
