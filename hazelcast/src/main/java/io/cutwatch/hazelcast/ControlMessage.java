package io.cutwatch.hazelcast;

/**
 * What travels on a namespace's control topic ({@code cutwatch.<ns>.control}), as Compact
 * records: a request to initiate a snapshot at a process hosted elsewhere, a snapshot failure
 * for the member that assembles it, or a question about a snapshot in flight and its answers. Anything else on the topic is rejected and counted.
 */
public sealed interface ControlMessage permits InitiateRequest, FailureNotice, ProgressQuery, ProgressAnswer {
    /** The member (UUID) that published the message. */
    String fromMember();
}
