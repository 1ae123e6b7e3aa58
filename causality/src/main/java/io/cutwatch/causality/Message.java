package io.cutwatch.causality;

/**
 * A message of a trace: its send event and, if it was received within the trace, its receive
 * event.
 *
 * @param id      the message id shared by the send and the receive
 * @param from    the sender's process id
 * @param to      the receiver's process id; for a message never received it is taken from an id
 *                of the form {@code from->to#seq} when {@code to} is a process of the trace,
 *                otherwise it is {@link #UNKNOWN_RECEIVER}
 * @param send    the send event
 * @param receive the receive event, or {@code null} if the trace ends with the message in transit
 */
public record Message(String id, String from, String to, TraceEvent send, TraceEvent receive) {
    /** Receiver of a message that was never received and whose id does not name its receiver. */
    public static final String UNKNOWN_RECEIVER = "?";

    /** The send's payload (message content), or {@code null}. */
    public Object payload() {
        return send.payload();
    }

    @Override
    public String toString() {
        return id + " (" + send.name() + " -> " + (receive == null ? "in transit" : receive.name()) + ")";
    }
}
