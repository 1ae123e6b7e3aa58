package io.cutwatch.gc;

import io.cutwatch.graph.ReachableVertices;
import io.cutwatch.graph.StronglyConnectedComponents;
import io.cutwatch.graph.VertexSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The strongly connected components of the garbage subgraph (unmarked nodes and the
 * references among them) that span at least two processes: the distributed garbage cycles.
 *
 * <p>The components come from the graph kernel's iterative Tarjan
 * ({@link StronglyConnectedComponents}) restricted to the unmarked nodes; what is gc here is
 * keeping those of two or more nodes on two or more processes, and counting the garbage they
 * retain (the kernel's {@link ReachableVertices} from their members, avoiding the marked nodes).
 * O(n + e) time; memory about {@code 36g + 4e_g} bytes for {@code g} garbage nodes and the
 * {@code e_g} references among them (the induced garbage subgraph and Tarjan's six arrays over it),
 * plus {@code n/16} bytes for the kernel's rank index and {@code n/8} for the garbage set, only
 * allocated when there is garbage. Single-threaded.
 */
public final class GarbageComponents {
    private final List<int[]> distributed;
    private final long retained;

    private GarbageComponents(List<int[]> distributed, long retained) {
        this.distributed = distributed;
        this.retained = retained;
    }

    /** Distributed components, each as its nodes ascending, ordered by smallest node. */
    public List<int[]> distributedCycles() {
        return distributed;
    }

    /** Garbage nodes in a distributed component or reachable from one. */
    public long retainedByCycles() {
        return retained;
    }

    public static GarbageComponents find(ObjectGraph g, Marks marks) {
        if (marks.unmarkedCount() == 0) {
            return new GarbageComponents(List.of(), 0);
        }
        VertexSet garbage = marks.reachable().complement();
        StronglyConnectedComponents scc = StronglyConnectedComponents.of(g.digraph(), garbage);
        List<int[]> found = new ArrayList<>();
        for (int[] members : scc.components(2)) {
            int p0 = g.processIndexOf(members[0]);
            for (int i = 1; i < members.length; i++) {
                if (g.processIndexOf(members[i]) != p0) {
                    found.add(members);
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            return new GarbageComponents(List.of(), 0);
        }
        VertexSet retained = ReachableVertices.from(g.digraph(), marks.reachable(), found.toArray(new int[0][]));
        return new GarbageComponents(List.copyOf(found), retained.size());
    }
}
