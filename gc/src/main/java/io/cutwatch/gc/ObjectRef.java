package io.cutwatch.gc;

import java.util.Objects;

/**
 * A reference to object {@code objectId} hosted by process {@code process}: the unit of the
 * global object graph. A reference whose process is the holder's own process is a local
 * reference; any other is a remote reference. Ordered by process, then object id.
 */
public record ObjectRef(String process, long objectId) implements Comparable<ObjectRef> {
    public ObjectRef {
        Objects.requireNonNull(process, "process");
    }

    @Override
    public int compareTo(ObjectRef o) {
        int c = process.compareTo(o.process);
        return c != 0 ? c : Long.compare(objectId, o.objectId);
    }

    @Override
    public String toString() {
        return process + ":" + objectId;
    }
}
