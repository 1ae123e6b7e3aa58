package io.cutwatch.deadlock;

import java.util.Objects;

/**
 * A pattern of waits that a message in transit ends (a grant, a release, a cancel on its way).
 * {@code null} in a field matches any value there; the {@code resource} is always required.
 *
 * @param waiter   the waiter whose wait ends, or null for every waiter
 * @param holder   the holder waited for, or null for any holder
 * @param resource the resource waited on
 */
public record WaitEnd(String waiter, String holder, String resource) {
    public WaitEnd {
        Objects.requireNonNull(resource, "resource of a WaitEnd");
        if (waiter == null && holder == null) {
            throw new IllegalArgumentException("a WaitEnd on '" + resource
                    + "' must name the waiter, the holder or both; a wildcard on both would end every wait on it");
        }
    }

    /** The grant of {@code resource} to {@code waiter} is on its way: it waits for no one on it. */
    public static WaitEnd granted(String waiter, String resource) {
        return new WaitEnd(waiter, null, resource);
    }

    /** {@code holder} gave {@code resource} up: no one waits for it on that resource. */
    public static WaitEnd released(String holder, String resource) {
        return new WaitEnd(null, holder, resource);
    }

    /** Exactly the wait {@code waiter -[resource]-> holder}. */
    public static WaitEnd exactly(String waiter, String holder, String resource) {
        return new WaitEnd(waiter, holder, resource);
    }

    public boolean matches(WaitForEdge e) {
        return resource.equals(e.resource())
                && (waiter == null || waiter.equals(e.waiter()))
                && (holder == null || holder.equals(e.holder()));
    }

    @Override
    public String toString() {
        return (waiter == null ? "*" : waiter) + " -[" + resource + "]-> " + (holder == null ? "*" : holder);
    }
}
