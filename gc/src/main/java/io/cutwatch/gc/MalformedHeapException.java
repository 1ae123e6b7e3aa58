package io.cutwatch.gc;

import io.cutwatch.model.CutwatchException;

/**
 * A recorded state or message described an object graph that cannot be right whatever the
 * run did: an object declared twice, a reference from an object that was not declared, a root
 * that names no object of its process, a reference to a process outside the topology, or a
 * state of an unexpected type. The message names the snapshot, the process (or channel) and
 * the object id; the fix is in the application's {@link HeapAdapter} or state capture.
 */
public final class MalformedHeapException extends CutwatchException {
    private final long snapshotId;

    public MalformedHeapException(long snapshotId, String what) {
        super("snapshot " + snapshotId + ": " + what);
        this.snapshotId = snapshotId;
    }

    public long snapshotId() {
        return snapshotId;
    }
}
