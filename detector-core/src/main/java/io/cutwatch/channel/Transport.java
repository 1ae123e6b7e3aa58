package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;

/**
 * Moves envelopes between logical processes.
 *
 * <p>Contract the snapshot algorithm relies on: per {@link ChannelId}, envelopes are delivered
 * in the order {@link #send} was called, each exactly once (FIFO, reliable). An implementation
 * that cannot keep it must still deliver what it has; the receiver's {@link InboundSequencer}
 * turns the breach into a {@link ChannelFault}. {@link #send} never blocks for long: it may
 * apply back-pressure but never waits for the receiver to process the envelope.
 *
 * <p>Threading: {@code send} may be called from any process thread; the {@link Receiver} of a
 * process may be invoked from a transport thread and must hand the envelope over to its
 * process's own executor.
 */
public interface Transport {
    /** Receives envelopes addressed to one process. */
    @FunctionalInterface
    interface Receiver {
        void receive(Envelope envelope);
    }

    /** Routes envelopes whose {@code channel.to()} is {@code processId} to {@code receiver}. */
    void register(String processId, Receiver receiver);

    /** Sends an envelope on its channel. */
    void send(Envelope envelope);
}
