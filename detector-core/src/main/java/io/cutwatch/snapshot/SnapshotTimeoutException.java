package io.cutwatch.snapshot;

import java.util.Set;

/**
 * A snapshot whose pieces did not all arrive in time ({@link FailureReason#TIMEOUT}); names the
 * processes still missing and, for those hosted on the assembling member, the channels still
 * awaiting markers.
 */
public final class SnapshotTimeoutException extends SnapshotFailedException {
    public SnapshotTimeoutException(SnapshotFailure failure) {
        super(failure);
        if (failure.reason() != FailureReason.TIMEOUT) {
            throw new IllegalArgumentException("a timeout needs reason TIMEOUT, not " + failure.reason());
        }
    }

    /** The processes whose local snapshot had not arrived. */
    public Set<String> missingProcesses() {
        return failure().processes();
    }
}
