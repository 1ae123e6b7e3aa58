package io.cutwatch.detect;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A small graph a detector result offers to be drawn (a dashboard, a report): nodes with an
 * optional group (the process hosting them) and an emphasis, edges with a label, an emphasis and
 * whether a message recorded in transit changed them. A neutral value: detectors build it from
 * their own types, viewers draw it without knowing any detector, so neither depends on the other.
 * Immutable; meant for the part a person looks at (a deadlocked set, a distributed cycle), not for
 * whole graphs of millions of edges.
 *
 * @param caption one line saying what is drawn
 * @param nodes   the nodes, each id once
 * @param edges   the edges, between ids of {@code nodes}
 */
public record ResultGraph(String caption, List<Node> nodes, List<Edge> edges) {
    /**
     * One node.
     *
     * @param id          its name, shown as its label (a transaction, a process, an object)
     * @param group       the process or place hosting it, or "" for none
     * @param highlighted part of what was found (a deadlock cycle, a garbage cycle)
     * @param badge       a word shown beside it (e.g. "victim"), or "" for none
     */
    public record Node(String id, String group, boolean highlighted, String badge) {
        public Node {
            Objects.requireNonNull(id, "id");
            group = group == null ? "" : group;
            badge = badge == null ? "" : badge;
        }
    }

    /** How a message recorded in transit changed an edge. */
    public enum Change {
        /** Read from the recorded states as it is. */
        NONE,
        /** Added by a message recorded in transit (e.g. a request not yet received). */
        ADDED_IN_TRANSIT,
        /** Ended by a message recorded in transit (e.g. a grant on its way): no longer an edge of the graph analysed. */
        ENDED_IN_TRANSIT
    }

    /**
     * One edge.
     *
     * @param from        the node it leaves
     * @param to          the node it enters
     * @param label       what it stands for (a resource, a reference), or ""
     * @param highlighted part of what was found (an edge of the cycle)
     * @param change      whether a message recorded in transit added or ended it
     */
    public record Edge(String from, String to, String label, boolean highlighted, Change change) {
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            label = label == null ? "" : label;
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * @throws IllegalArgumentException naming the first repeated node or the first edge whose end is not a node
     */
    public ResultGraph {
        caption = caption == null ? "" : caption;
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        Set<String> ids = new HashSet<>();
        for (Node n : nodes) {
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("result graph '" + caption + "': node " + n.id() + " appears twice");
            }
        }
        for (Edge e : edges) {
            if (!ids.contains(e.from()) || !ids.contains(e.to())) {
                throw new IllegalArgumentException("result graph '" + caption + "': edge " + e.from() + " -> " + e.to()
                        + " ends outside its nodes");
            }
        }
    }
}
