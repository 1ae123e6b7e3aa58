package io.cutwatch.detect;

/**
 * Implemented by a process's recorded state to tell the {@link TerminationDetector} whether the
 * process is passive. The model the detector relies on (Dijkstra-Scholten, Francez): an active
 * process may send messages and become passive on its own; a passive process sends nothing and
 * becomes active only by receiving a message. Under that rule termination (all passive, no message
 * in transit) is stable, so a consistent snapshot that shows it proves it.
 */
@FunctionalInterface
public interface Passivity {
    /** True when the process has no work left and will act again only on receiving a message. */
    boolean passive();
}
