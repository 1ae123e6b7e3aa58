package io.cutwatch.snapshot;

import io.cutwatch.CutwatchException;

/**
 * Pieces that do not form a consistent cut: some process's frontier knows of an event of
 * another process that lies outside the cut (a message received inside the cut but sent after
 * the sender recorded). Over FIFO reliable channels Chandy-Lamport never produces one; seeing
 * this means a channel broke its contract or the pieces come from different runs.
 */
public final class InconsistentCutException extends CutwatchException {
    private final String knower;
    private final String known;

    public InconsistentCutException(long snapshotId, String knower, long knows, String known, long recorded) {
        super("snapshot " + snapshotId + " is not a consistent cut: " + knower + "'s frontier knows " + knows
                + " events of " + known + ", but " + known + " recorded after only " + recorded
                + " (a message sent outside the cut was received inside it)");
        this.knower = knower;
        this.known = known;
    }

    public InconsistentCutException(long snapshotId, String problem) {
        super("snapshot " + snapshotId + " cannot be assembled: " + problem);
        this.knower = null;
        this.known = null;
    }

    /** The process whose frontier knows too much, or null for a structural problem. */
    public String knower() {
        return knower;
    }

    /** The process whose events are over-known, or null for a structural problem. */
    public String known() {
        return known;
    }
}
