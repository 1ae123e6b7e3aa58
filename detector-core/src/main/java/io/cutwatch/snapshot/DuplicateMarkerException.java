package io.cutwatch.snapshot;

import io.cutwatch.model.CutwatchException;
import io.cutwatch.model.ChannelId;

/** A second marker for the same snapshot on the same channel: a protocol violation by the sender. */
public final class DuplicateMarkerException extends CutwatchException {
    private final ChannelId channel;
    private final long snapshotId;

    public DuplicateMarkerException(long snapshotId, ChannelId channel) {
        super("duplicate marker for snapshot " + snapshotId + " on " + channel
                + "; rejected (the channel's recording was already closed)");
        this.channel = channel;
        this.snapshotId = snapshotId;
    }

    public ChannelId channel() {
        return channel;
    }

    public long snapshotId() {
        return snapshotId;
    }
}
