package io.cutwatch.gc;

import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Answers "why is this object alive?" on one snapshot's object graph: a shortest chain of
 * references from any root (local roots of every process, and objects referenced by messages
 * recorded in transit) to the object, across processes.
 *
 * <p>Algorithm: one multi-source breadth-first search from all roots at once with a parent
 * pointer per node, stopped when the object is reached (Moore 1959, "The shortest path through a
 * maze"; any BFS textbook, e.g. Cormen et al., Introduction to Algorithms, 3rd ed., 22.2). Local
 * roots are enqueued before in-transit roots, so of two equally short chains the one from a
 * local root is reported. Cost: O(n + e) time at worst, 4n bytes for the parents plus a queue of
 * at most n ints. Only a live object has a path: a garbage object (unreachable from every root)
 * has none, which agrees with the {@link GarbageDetector}'s marking.
 */
public final class ShortestRetentionPath {
    private static final int UNSEEN = -1;
    private static final int LOCAL_ROOT = -2;
    /** Parent values at or below this encode in-transit root k as {@code IN_TRANSIT_ROOT - k}. */
    private static final int IN_TRANSIT_ROOT = -3;

    private ShortestRetentionPath() {
    }

    /**
     * A shortest retention path to {@code target}, or empty if it is garbage at this cut.
     *
     * @throws IllegalArgumentException if no process of the graph holds {@code target}
     */
    public static Optional<RetentionPath> to(ObjectGraph graph, ObjectRef target) {
        int goal = graph.nodeOf(target);
        if (goal < 0) {
            throw new IllegalArgumentException("no process holds object " + target + " at this snapshot; processes "
                    + graph.processes());
        }
        int n = graph.nodeCount();
        int[] parent = new int[n];
        Arrays.fill(parent, UNSEEN);
        int[] queue = new int[n];
        int tail = 0;
        for (int r : graph.roots) {
            if (parent[r] == UNSEEN) {
                parent[r] = LOCAL_ROOT;
                queue[tail++] = r;
            }
        }
        for (int k = 0; k < graph.inTransitRoots.length; k++) {
            int r = graph.inTransitRoots[k];
            if (parent[r] == UNSEEN) {
                parent[r] = IN_TRANSIT_ROOT - k;
                queue[tail++] = r;
            }
        }
        for (int head = 0; head < tail && parent[goal] == UNSEEN; head++) {
            int v = queue[head];
            for (int i = 0, d = graph.outDegree(v); i < d; i++) {
                int w = graph.target(v, i);
                if (parent[w] == UNSEEN) {
                    parent[w] = v;
                    queue[tail++] = w;
                }
            }
        }
        if (parent[goal] == UNSEEN) {
            return Optional.empty();
        }
        List<ObjectRef> path = new ArrayList<>();
        int v = goal;
        while (parent[v] >= 0) {
            path.add(graph.ref(v));
            v = parent[v];
        }
        path.add(graph.ref(v));
        Collections.reverse(path);
        if (parent[v] == LOCAL_ROOT) {
            return Optional.of(new RetentionPath(target, RetentionPath.Root.LOCAL, Optional.empty(), path));
        }
        Optional<ChannelId> carrier = Optional.ofNullable(graph.inTransitChannels[IN_TRANSIT_ROOT - parent[v]]);
        return Optional.of(new RetentionPath(target, RetentionPath.Root.IN_TRANSIT, carrier, path));
    }
}
