package io.cutwatch.deadlock;

import java.util.Objects;

/**
 * One wait in a wait-for graph: {@code waiter} cannot go on until {@code holder} gives up
 * {@code resource}. Vertices are whatever the application waits as: processes or transactions.
 *
 * @param waiter   the vertex that waits
 * @param holder   the vertex waited for
 * @param resource what is waited for (a lock name, a reply, a slot); a label, never null
 */
public record WaitForEdge(String waiter, String holder, String resource) {
    public WaitForEdge {
        requireName(waiter, "waiter", resource);
        requireName(holder, "holder", resource);
        Objects.requireNonNull(resource, () -> "resource of the wait " + waiter + " -> " + holder
                + " is null; use a non-null label (e.g. \"\" for an unnamed wait)");
    }

    public static WaitForEdge of(String waiter, String holder, String resource) {
        return new WaitForEdge(waiter, holder, resource);
    }

    private static void requireName(String v, String role, String resource) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the " + role + " of a wait on '" + resource
                    + "' is " + (v == null ? "null" : "blank") + "; every wait-for edge needs two named vertices");
        }
    }

    @Override
    public String toString() {
        return waiter + " -[" + resource + "]-> " + holder;
    }
}
