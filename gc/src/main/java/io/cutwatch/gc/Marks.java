package io.cutwatch.gc;

import io.cutwatch.graph.VertexSet;

/**
 * The result of marking: the reachable nodes of an {@link ObjectGraph}, one bit per node.
 * Immutable after {@link Marking#mark} returns.
 */
public final class Marks {
    private final VertexSet reachable;

    Marks(VertexSet reachable) {
        this.reachable = reachable;
    }

    /** The marked (reachable) nodes as a kernel vertex set. */
    public VertexSet reachable() {
        return reachable;
    }

    public boolean isMarked(int node) {
        return reachable.contains(node);
    }

    /** Reachable nodes. */
    public int markedCount() {
        return reachable.size();
    }

    /** Unreachable nodes: the garbage. */
    public int unmarkedCount() {
        return reachable.universe() - reachable.size();
    }

    /** The first unmarked node at or after {@code from}, or -1. */
    public int nextUnmarked(int from) {
        return reachable.nextNonMember(from);
    }
}
