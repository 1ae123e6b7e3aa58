package io.cutwatch.process;

/**
 * Observes application events (for traces and tests). Called on the process's thread, inside the
 * event, so it must be quick and must not call back into the process. When no listener is
 * registered nothing is built or called.
 */
@FunctionalInterface
public interface ProcessEventListener {
    void onEvent(ProcessEvent event);
}
