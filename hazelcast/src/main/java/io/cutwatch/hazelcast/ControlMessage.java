package io.cutwatch.hazelcast;

/**
 * What travels on a namespace's control topic ({@code cutwatch.<ns>.control}), as Compact
 * records: a request to initiate a snapshot at a process hosted elsewhere, or a snapshot failure
 * for the member that assembles it. Anything else on the topic is rejected and counted.
 */
public sealed interface ControlMessage permits InitiateRequest, FailureNotice {
    /** The member (UUID) that published the message. */
    String fromMember();
}
