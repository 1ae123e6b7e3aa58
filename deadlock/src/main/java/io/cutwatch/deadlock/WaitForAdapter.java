package io.cutwatch.deadlock;

import io.cutwatch.model.ChannelId;

import java.util.Collection;

/**
 * How the application tells the deadlock detector what waits for what. Implemented once per
 * application state type; the detector calls it on recorded (captured) states and on recorded
 * channel states, never on live ones.
 *
 * <p>Threading: called on the thread running the detector, possibly concurrently for different
 * snapshots; implementations must be stateless or thread-safe and must not mutate the states.
 *
 * @param <S> the type the processes' state capture returns
 */
public interface WaitForAdapter<S> {
    /** The state type this adapter reads; the detector checks every recorded state against it. */
    Class<S> stateType();

    /** AND (wait for all: deadlock = cycle) or OR (wait for any: deadlock = knot). */
    default WaitModel model() {
        return WaitModel.AND;
    }

    /** The waits that {@code process}'s recorded state knows of. Duplicates are merged. */
    Collection<WaitForEdge> waits(String process, S state);

    /**
     * What {@code payload}, recorded in transit on {@code channel}, does to the graph.
     * {@code receiverState} is the recorded state of {@code channel.to()}, which has not seen the
     * message yet (e.g. to look up who holds the lock a request in transit asks for).
     */
    InTransitEffect inTransit(ChannelId channel, Object payload, S receiverState);

    /**
     * What kind of wait {@code wait} is, for display only (the detector treats every kind alike):
     * {@code wait} is one of {@link #waits waits(process, state)} or of the adds of
     * {@link #inTransit} with {@code state} the receiver's recorded state. The default says
     * {@link WaitKind#HELD} for every wait; an adapter whose waiters also wait for requests queued
     * ahead of them says {@link WaitKind#QUEUED_AHEAD} for those.
     */
    default WaitKind kind(WaitForEdge wait, S state) {
        return WaitKind.HELD;
    }
}
