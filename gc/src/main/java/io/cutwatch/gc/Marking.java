package io.cutwatch.gc;

import io.cutwatch.graph.ReachableVertices;

/**
 * Global marking: every node reachable from a local root or an in-transit root.
 *
 * <p>The roots are the gc part; the traversal is the graph kernel's {@link ReachableVertices}, a
 * level-synchronous breadth-first search over the CSR arrays without recursion, whose frontiers
 * switch from lists to bitsets when dense (see there for the method and its source). O(n + e)
 * time; about {@code n/2} bytes of extra memory at most, of which the {@code n/8} bytes of mark
 * bits are kept. Single-threaded; the graph is only read.
 */
public final class Marking {
    private Marking() {
    }

    public static Marks mark(ObjectGraph g) {
        return new Marks(ReachableVertices.from(g.digraph(), g.roots, g.inTransitRoots));
    }
}
