package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

import java.time.Duration;

/**
 * A {@link SnapshotSource} neither delivered nor failed a snapshot within the job's snapshot
 * timeout (plus a quarter for grace); the job gave up on it. With {@link SnapshotSource#of} this
 * means the snapshot service's own timeout did not fire: check the backend's timers.
 */
public final class SnapshotSourceTimeoutException extends CutwatchException {
    public SnapshotSourceTimeoutException(String job, String initiator, Duration waited) {
        super("job " + job + ": the snapshot initiated at " + initiator + " neither completed nor failed within "
                + waited + "; the job gave up on it");
    }
}
