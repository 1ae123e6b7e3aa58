package io.cutwatch.gc;

import io.cutwatch.model.ChannelId;

import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Why an object was alive at a snapshot's cut: a shortest chain of references from a root to it,
 * across processes. The chain starts at {@code path.get(0)}, which is either a local root of its
 * process ({@link Root#LOCAL}) or an object referenced by a message recorded in transit
 * ({@link Root#IN_TRANSIT}, on channel {@link #inTransitOn()}; the receiver will hold it), and ends
 * at {@link #target()}; each object holds a reference to the next.
 *
 * @param target      the object asked about
 * @param root        what holds the first object of the path
 * @param inTransitOn for an in-transit root, the channel whose recorded message carries it (empty
 *                    for a local root, or where the graph was built without channels)
 * @param path        root object first, {@code target} last; at least one element
 */
public record RetentionPath(ObjectRef target, Root root, Optional<ChannelId> inTransitOn, List<ObjectRef> path) {
    /** What keeps the first object of a retention path alive. */
    public enum Root {
        /** A root its own process declares. */
        LOCAL,
        /** A reference carried by a message recorded in transit. */
        IN_TRANSIT
    }

    public RetentionPath {
        if (root == Root.LOCAL && inTransitOn.isPresent()) {
            throw new IllegalArgumentException("a local root is not in transit on " + inTransitOn.get());
        }
        path = List.copyOf(path);
        if (path.isEmpty() || !path.get(path.size() - 1).equals(target)) {
            throw new IllegalArgumentException("a retention path ends at its target " + target + ", got " + path);
        }
    }

    /** Number of references followed from the root object to the target. */
    public int length() {
        return path.size() - 1;
    }

    /** E.g. {@code b:7 is alive: in transit on a->b -> b:3 -> c:9 -> b:7}. */
    public String describe() {
        StringJoiner j = new StringJoiner(" -> ");
        j.add(root == Root.LOCAL ? "local root"
                : inTransitOn.map(c -> "in transit on " + c).orElse("in transit"));
        path.forEach(r -> j.add(r.toString()));
        return target + " is alive: " + j;
    }

    @Override
    public String toString() {
        return describe();
    }
}
