package io.cutwatch.causality;

/**
 * What a {@link Trace} does with the vector clocks that events were recorded with.
 *
 * <p>A trace always derives its own clocks from the process order and the send/receive matching
 * (Fidge/Mattern: entry {@code j} of an event's clock is the number of events of process {@code j}
 * that happened before or are the event). The policy only decides how recorded clocks are treated.
 */
public enum ClockPolicy {
    /**
     * A recorded clock must equal the derived one; a mismatch is an error naming the event. Events
     * recorded without a clock are accepted. This is the default: it catches lost or reordered
     * events.
     */
    VERIFY,
    /**
     * Recorded clocks are ignored and replaced by the derived ones, e.g. when the runtime ticks its
     * clock for events that were not recorded (snapshot markers).
     */
    RECOMPUTE
}
