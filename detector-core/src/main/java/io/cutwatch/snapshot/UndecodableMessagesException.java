package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;
import io.cutwatch.model.CutwatchException;

/**
 * The messages a snapshot recorded in transit on one channel could not be decoded from the form
 * the backend stored them in, when they were first read ({@link RecordedMessages}). The cause is
 * the backend's decoding failure (for example a class refused by the deserialization filter, or
 * members that disagree on a class). Thrown on every read of that channel's messages.
 */
public final class UndecodableMessagesException extends CutwatchException {
    private final long snapshotId;
    private final ChannelId channel;

    /** The messages of {@code channel} in snapshot {@code snapshotId} failed to decode with {@code cause}. */
    public UndecodableMessagesException(long snapshotId, ChannelId channel, Throwable cause) {
        super("snapshot " + snapshotId + ": the messages recorded in transit on " + channel
                + " cannot be decoded: " + cause.getMessage(), cause);
        this.snapshotId = snapshotId;
        this.channel = channel;
    }

    /** The snapshot whose recording could not be decoded. */
    public long snapshotId() {
        return snapshotId;
    }

    /** The channel whose recorded messages could not be decoded. */
    public ChannelId channel() {
        return channel;
    }
}
