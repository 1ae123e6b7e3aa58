package io.cutwatch.causality;

/** What a recorded event did: a purely local step, the send of a message, or its receipt. */
public enum EventKind {
    /** A local step; carries no message id. */
    LOCAL,
    /** The send of the message named by the event's message id. */
    SEND,
    /** The receipt of the message named by the event's message id. */
    RECEIVE
}
