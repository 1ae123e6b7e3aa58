package io.cutwatch.snapshot;

import io.cutwatch.CutwatchException;

/** A snapshot that could not be taken; the reason names the process, channel or member at fault. */
public class SnapshotFailedException extends CutwatchException {
    private final long snapshotId;

    public SnapshotFailedException(long snapshotId, String reason) {
        super("snapshot " + snapshotId + " failed: " + reason);
        this.snapshotId = snapshotId;
    }

    public SnapshotFailedException(long snapshotId, String reason, Throwable cause) {
        super("snapshot " + snapshotId + " failed: " + reason, cause);
        this.snapshotId = snapshotId;
    }

    public long snapshotId() {
        return snapshotId;
    }
}
