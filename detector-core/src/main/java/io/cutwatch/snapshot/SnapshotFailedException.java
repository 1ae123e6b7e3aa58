package io.cutwatch.snapshot;

import io.cutwatch.model.CutwatchException;

/**
 * A snapshot that could not be taken. {@link #failure()} says why as a value: switch on
 * {@code failure().reason()} rather than parsing the message.
 */
public class SnapshotFailedException extends CutwatchException {
    private final SnapshotFailure failure;

    public SnapshotFailedException(SnapshotFailure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public SnapshotFailedException(SnapshotFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public long snapshotId() {
        return failure.snapshotId();
    }

    public FailureReason reason() {
        return failure.reason();
    }

    public SnapshotFailure failure() {
        return failure;
    }
}
