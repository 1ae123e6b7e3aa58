package io.cutwatch.process;

import io.cutwatch.model.ChannelNotInTopologyException;
import io.cutwatch.model.Topology;
import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.clock.VectorClock;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * What a handler may do while it runs: send messages, schedule local actions, read its clock.
 *
 * <p>Threading: a context belongs to one process and may only be used on that process's thread,
 * i.e. inside its handlers and actions (which is also where a captured reference to it will run).
 * Sends on one channel leave in call order.
 */
public interface Context {
    /** This process's id. */
    String self();

    /**
     * Sends {@code payload} to {@code to} over the channel {@code self -> to}. Never blocks for
     * long. The payload should be immutable: it may be recorded in a snapshot's channel state.
     *
     * @throws UnknownProcessException      if {@code to} is not in the topology
     * @throws ChannelNotInTopologyException if there is no channel {@code self -> to}
     */
    void send(String to, Object payload);

    /** Runs {@code action} on this process's thread after {@code delay}, as a local event. */
    void schedule(Duration delay, Runnable action);

    /** A random source for this process: seeded, hence reproducible in the simulator. */
    Random random();

    /** This process's vector clock now. */
    VectorClock clock();

    Topology topology();

    /** The processes this one has an outgoing channel to, sorted. */
    List<String> neighbours();
}
