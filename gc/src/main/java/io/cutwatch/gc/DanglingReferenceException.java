package io.cutwatch.gc;

import io.cutwatch.model.CutwatchException;

/**
 * A live part of the snapshot (a reachable object, or a message in transit) refers to an
 * object that no process holds. That means an object was freed while still reachable (an
 * unsafe reclaim, or an application that frees objects on its own) or the state capture
 * dropped objects. Garbage may refer to objects already reclaimed (reclaim is applied at each
 * process at a different time), so dangling references from garbage are tolerated and only
 * counted ({@link GraphSize#danglingFromGarbage()}).
 */
public final class DanglingReferenceException extends CutwatchException {
    private final long snapshotId;
    private final ObjectRef target;

    public DanglingReferenceException(long snapshotId, String holder, ObjectRef target) {
        super("snapshot " + snapshotId + ": " + holder + " refers to " + target + ", which process "
                + target.process() + " does not hold; a reachable object was freed or the state capture"
                + " of " + target.process() + " is incomplete");
        this.snapshotId = snapshotId;
        this.target = target;
    }

    public long snapshotId() {
        return snapshotId;
    }

    /** The missing object. */
    public ObjectRef target() {
        return target;
    }
}
