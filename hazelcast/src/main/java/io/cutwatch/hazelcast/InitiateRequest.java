package io.cutwatch.hazelcast;

/**
 * Asks the member hosting {@code processId} to start snapshot {@code snapshotId} there (the
 * initiating member assembles it). Compact, zero-config.
 */
public record InitiateRequest(long snapshotId, String processId, String fromMember) implements ControlMessage {
}
