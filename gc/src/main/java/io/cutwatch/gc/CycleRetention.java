package io.cutwatch.gc;

import io.cutwatch.graph.ReachableVertices;
import io.cutwatch.graph.VertexSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For each distributed garbage cycle, the garbage it retains and the cross-process references
 * that close it ({@link CycleExplanation}).
 *
 * <p>Retained: the graph kernel's {@link ReachableVertices} from the cycle's members, avoiding
 * the marked (live) nodes, minus the members; one traversal per cycle, so two cycles that share
 * retained garbage each list it. Closing references: every edge between two members on
 * different processes; for each edge {@code u -> v}, a breadth-first search inside the members,
 * without that edge, from {@code u} to {@code v} tells whether dropping it alone breaks the strong
 * connectivity (the members stay strongly connected without it iff {@code u} still reaches
 * {@code v}).
 *
 * <p>Cost, for {@code c} cycles of {@code k} members with {@code m} internal references of which
 * {@code x} cross processes, and {@code r} garbage objects reached: O(c (n/8 + r + e_r)) for the
 * retained sets (a bitset over all nodes per cycle) plus O(x (k + m) log k) for the closing
 * references. An explanation call, not part of {@link GarbageDetector#detect}. Single-threaded.
 */
final class CycleRetention {
    private CycleRetention() {
    }

    static List<CycleExplanation> explain(ObjectGraph g, Marks marks, GarbageComponents components) {
        List<CycleExplanation> out = new ArrayList<>();
        for (int[] members : components.distributedCycles()) {
            VertexSet reached = ReachableVertices.from(g.digraph(), marks.reachable(), members);
            List<ObjectRef> retained = new ArrayList<>();
            for (int v = reached.nextMember(0); v >= 0; v = reached.nextMember(v + 1)) {
                if (Arrays.binarySearch(members, v) < 0) {
                    retained.add(g.ref(v));
                }
            }
            retained.sort(null);
            out.add(new CycleExplanation(GarbageDetector.cycleOf(g, members), retained, closing(g, members)));
        }
        return out;
    }

    private static List<CycleReference> closing(ObjectGraph g, int[] members) {
        List<CycleReference> out = new ArrayList<>();
        for (int u : members) {
            int pu = g.processIndexOf(u);
            for (int k = 0; k < g.outDegree(u); k++) {
                int v = g.target(u, k);
                if (Arrays.binarySearch(members, v) >= 0 && g.processIndexOf(v) != pu) {
                    boolean still = reachesWithout(g, members, u, v, u, k);
                    out.add(new CycleReference(g.ref(u), g.ref(v), !still));
                }
            }
        }
        out.sort((a, b) -> {
            int c = a.from().compareTo(b.from());
            return c != 0 ? c : a.to().compareTo(b.to());
        });
        return out;
    }

    /** Whether {@code to} is reachable from {@code from} inside {@code members} without edge {@code k} of {@code skipNode}. */
    private static boolean reachesWithout(ObjectGraph g, int[] members, int from, int to, int skipNode, int skipK) {
        if (from == to) {
            return true;
        }
        boolean[] seen = new boolean[members.length];
        int[] queue = new int[members.length];
        int head = 0;
        int tail = 0;
        seen[Arrays.binarySearch(members, from)] = true;
        queue[tail++] = from;
        while (head < tail) {
            int x = queue[head++];
            for (int k = 0; k < g.outDegree(x); k++) {
                if (x == skipNode && k == skipK) {
                    continue;
                }
                int y = g.target(x, k);
                int i = Arrays.binarySearch(members, y);
                if (i < 0 || seen[i]) {
                    continue;
                }
                if (y == to) {
                    return true;
                }
                seen[i] = true;
                queue[tail++] = y;
            }
        }
        return false;
    }
}
