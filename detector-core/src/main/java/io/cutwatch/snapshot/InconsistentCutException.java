package io.cutwatch.snapshot;

import java.util.Optional;
import java.util.Set;

/**
 * Pieces that do not form a consistent cut: some process's frontier knows of an event of
 * another process that lies outside the cut (a message received inside the cut but sent after
 * the sender recorded), or the pieces do not cover the topology. Over FIFO reliable channels
 * Chandy-Lamport never produces one; seeing this means a channel broke its contract or the
 * pieces come from different runs. Its {@link #reason()} is {@link FailureReason#INCONSISTENT_CUT}.
 */
public final class InconsistentCutException extends SnapshotFailedException {
    private final String knower;
    private final String known;

    public InconsistentCutException(long snapshotId, String knower, long knows, String known, long recorded) {
        super(new SnapshotFailure(snapshotId, FailureReason.INCONSISTENT_CUT, Set.of(knower, known), Set.of(),
                Optional.empty(), "not a consistent cut: " + knower + "'s frontier knows " + knows + " events of "
                + known + ", but " + known + " recorded after only " + recorded
                + " (a message sent outside the cut was received inside it)"));
        this.knower = knower;
        this.known = known;
    }

    public InconsistentCutException(long snapshotId, String problem) {
        super(new SnapshotFailure(snapshotId, FailureReason.INCONSISTENT_CUT, Set.of(), Set.of(), Optional.empty(),
                "cannot be assembled: " + problem));
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
