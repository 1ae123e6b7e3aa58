package io.cutwatch.detect;

import io.cutwatch.model.CutwatchException;

/**
 * An application adapter ({@link StateView} or {@link MessageView}) could not read a recorded
 * state or an in-transit message: wrong type, malformed value, or the adapter threw. The message
 * names the snapshot, the process or channel position, and the type found; fix the adapter or
 * the application's {@code capture(...)}.
 */
public final class StateViewException extends CutwatchException {
    private final long snapshotId;
    private final String where;

    public StateViewException(long snapshotId, String where, String reason, Throwable cause) {
        super("snapshot " + snapshotId + ", " + where + ": " + reason, cause);
        this.snapshotId = snapshotId;
        this.where = where;
    }

    public long snapshotId() {
        return snapshotId;
    }

    /** "process p2" or "channel p1->p2, message 3". */
    public String where() {
        return where;
    }
}
