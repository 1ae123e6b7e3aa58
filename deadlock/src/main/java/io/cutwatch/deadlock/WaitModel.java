package io.cutwatch.deadlock;

/**
 * What a waiting vertex needs before it can go on; decides what a deadlock is.
 */
public enum WaitModel {
    /**
     * A vertex waits for <em>all</em> the vertices it has an edge to (it asked several locks and
     * needs every one). A deadlock is a cycle: every strongly connected component with more than
     * one vertex, or with a self-loop, is a deadlocked set.
     */
    AND,
    /**
     * A vertex waits for <em>any one</em> of the vertices it has an edge to (it asked several
     * replicas and needs one answer). A cycle alone is not a deadlock, since a vertex on it may be
     * freed by an edge leading out of it; a deadlock is a knot: a strongly connected component
     * with more than one vertex (or a self-loop) from which no edge leaves.
     */
    OR
}
