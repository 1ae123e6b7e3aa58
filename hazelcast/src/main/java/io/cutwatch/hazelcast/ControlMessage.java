package io.cutwatch.hazelcast;

/**
 * A control message on the namespace's control topic (Compact): a request to the host of
 * {@code processId} to initiate {@code snapshotId} ({@link #INITIATE}), or a process's report
 * that it could not record {@code snapshotId} ({@link #FAILURE}, with {@code reason}).
 */
public record ControlMessage(String kind, long snapshotId, String processId, String reason, String fromMember) {
    public static final String INITIATE = "INITIATE";
    public static final String FAILURE = "FAILURE";
}
