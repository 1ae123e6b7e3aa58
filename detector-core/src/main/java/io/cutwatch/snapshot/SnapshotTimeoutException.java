package io.cutwatch.snapshot;

import java.util.Set;

/** A snapshot whose pieces did not all arrive in time; names the processes still missing. */
public final class SnapshotTimeoutException extends SnapshotFailedException {
    private final Set<String> missingProcesses;

    public SnapshotTimeoutException(long snapshotId, String reason, Set<String> missingProcesses) {
        super(snapshotId, reason);
        this.missingProcesses = Set.copyOf(missingProcesses);
    }

    public Set<String> missingProcesses() {
        return missingProcesses;
    }
}
