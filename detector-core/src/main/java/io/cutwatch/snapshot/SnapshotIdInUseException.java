package io.cutwatch.snapshot;

import io.cutwatch.model.CutwatchException;

/** An initiation with a snapshot id this process has already seen; pick a fresh id. */
public final class SnapshotIdInUseException extends CutwatchException {
    public SnapshotIdInUseException(long snapshotId, String processId) {
        super("snapshot id " + snapshotId + " is already in use at " + processId
                + "; every snapshot needs a fresh id (let the SnapshotService allocate it)");
    }
}
