package io.cutwatch.deadlock;

import io.cutwatch.graph.CsrDigraph;
import io.cutwatch.graph.StronglyConnectedComponents;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DirectedPseudograph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the deadlocked sets of a {@link WaitForGraph} and one concrete cycle in each.
 *
 * <p>Two phases. On the compact arrays: the strongly connected components (the kernel's iterative
 * Tarjan, {@link StronglyConnectedComponents}), then
 * one pass over the edges marks the components that are deadlocked under the {@link WaitModel}
 * (AND: more than one vertex or a self-loop; OR: that, and no edge leaving the component, i.e. a
 * knot). Only the deadlocked components are then copied into small JGraphT graphs, where a
 * breadth-first search from the component's first member (in {@link NaturalOrder}) finds a
 * shortest cycle through it.
 *
 * <p>O(V + E) for the first phase; O(V_d + E_d) objects for the second, where V_d, E_d count the
 * vertices and edges inside deadlocked components. Stateless and thread-safe.
 */
public final class DeadlockFinder {
    private static final Comparator<WaitForEdge> EDGE_ORDER = Comparator
            .comparing(WaitForEdge::waiter, NaturalOrder.INSTANCE)
            .thenComparing(WaitForEdge::holder, NaturalOrder.INSTANCE)
            .thenComparing(WaitForEdge::resource);

    private DeadlockFinder() {
    }

    /** The members of each deadlocked component, as vertex ids. The array phase only. */
    public static List<int[]> deadlockedComponents(WaitForGraph g, WaitModel model) {
        CsrDigraph d = g.digraph();
        StronglyConnectedComponents scc = StronglyConnectedComponents.of(d);
        int c = scc.count();
        boolean[] cyclic = new boolean[c];
        boolean[] leaves = new boolean[c];
        int n = d.vertexCount();
        for (int v = 0; v < n; v++) {
            int cv = scc.componentOf(v);
            if (scc.size(cv) > 1) {
                cyclic[cv] = true;
            }
            for (int e = d.firstEdge(v), end = d.endEdge(v); e < end; e++) {
                int w = d.target(e);
                if (w == v) {
                    cyclic[cv] = true;
                } else if (scc.componentOf(w) != cv) {
                    leaves[cv] = true;
                }
            }
        }
        int[] slot = new int[c];
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            boolean dead = cyclic[k] && (model == WaitModel.AND || !leaves[k]);
            if (dead) {
                slot[k] = out.size();
                out.add(new int[scc.size(k)]);
            } else {
                slot[k] = -1;
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        int[] fill = new int[out.size()];
        for (int v = 0; v < n; v++) {
            int s = slot[scc.componentOf(v)];
            if (s >= 0) {
                out.get(s)[fill[s]++] = v;
            }
        }
        return out;
    }

    /**
     * Every deadlocked set with one cycle and one victim, ordered by first member.
     *
     * @throws InvalidVictimException if {@code policy} chooses a vertex not on the cycle
     */
    public static List<Deadlock> find(WaitForGraph g, WaitModel model, VictimPolicy policy) {
        List<Deadlock> out = new ArrayList<>();
        for (int[] members : deadlockedComponents(g, model)) {
            out.add(describe(g, members, policy));
        }
        out.sort(Comparator.comparing(d -> d.members().get(0), NaturalOrder.INSTANCE));
        return out;
    }

    private static Deadlock describe(WaitForGraph g, int[] members, VictimPolicy policy) {
        Set<Integer> inside = new HashSet<>(members.length * 2);
        for (int v : members) {
            inside.add(v);
        }
        Graph<String, WaitForEdge> sub = new DirectedPseudograph<>(null, null, false);
        List<String> names = new ArrayList<>(members.length);
        for (int v : members) {
            names.add(g.name(v));
            sub.addVertex(g.name(v));
        }
        List<WaitForEdge> waits = new ArrayList<>();
        CsrDigraph d = g.digraph();
        for (int v : members) {
            for (int e = d.firstEdge(v), end = d.endEdge(v); e < end; e++) {
                if (inside.contains(d.target(e))) {
                    WaitForEdge w = g.edge(v, e);
                    if (sub.addEdge(w.waiter(), w.holder(), w)) {
                        waits.add(w);
                    }
                }
            }
        }
        names.sort(NaturalOrder.INSTANCE);
        waits.sort(EDGE_ORDER);
        List<WaitForEdge> cycle = shortestCycleThrough(sub, names.get(0));
        String victim = policy.choose(cycle, names);
        boolean onCycle = false;
        for (WaitForEdge e : cycle) {
            onCycle |= e.waiter().equals(victim);
        }
        if (!onCycle) {
            throw new InvalidVictimException("victim policy " + policy + " chose " + victim
                    + ", which is not on the cycle " + cycle + "; a victim must be one of its waiters");
        }
        return new Deadlock(names, cycle, waits, victim);
    }

    /**
     * A shortest cycle through {@code start} in {@code g}, which must lie on one: a BFS from
     * {@code start}, closed by the incoming edge whose source is nearest (ties: first in natural
     * order, then by resource). O(V + E) of {@code g}.
     */
    public static List<WaitForEdge> shortestCycleThrough(Graph<String, WaitForEdge> g, String start) {
        ShortestPathAlgorithm.SingleSourcePaths<String, WaitForEdge> paths = new BFSShortestPath<>(g).getPaths(start);
        WaitForEdge closing = null;
        double best = Double.POSITIVE_INFINITY;
        List<WaitForEdge> incoming = new ArrayList<>(g.incomingEdgesOf(start));
        incoming.sort(EDGE_ORDER);
        for (WaitForEdge in : incoming) {
            double d = paths.getWeight(in.waiter());
            if (d < best) {
                best = d;
                closing = in;
            }
        }
        if (closing == null) {
            throw new IllegalArgumentException(start + " is on no cycle of the given graph");
        }
        GraphPath<String, WaitForEdge> path = paths.getPath(closing.waiter());
        List<WaitForEdge> cycle = new ArrayList<>(path.getEdgeList());
        cycle.add(closing);
        return cycle;
    }
}
