package io.cutwatch.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The strongly connected components of a {@link CsrDigraph}, or of the subgraph induced by a
 * {@link VertexSet} (its vertices and the edges among them), by Tarjan's algorithm (R. Tarjan,
 * "Depth-first search and linear graph algorithms", SIAM J. Comput. 1(2), 1972) in its iterative
 * formulation: the recursion is replaced by an explicit call stack with an edge cursor per vertex
 * (an iterative Tarjan is also given by D. Pearce, "A space-efficient algorithm for finding
 * strongly connected components", Inf. Process. Lett. 116(1), 2016), so paths of millions of
 * vertices need no special thread stack. A visited vertex is on the Tarjan stack exactly while it
 * has no component yet, so no separate flag is kept.
 *
 * <p>Component ids are {@code 0..count()-1} in the order the components complete, which is a
 * reverse topological order of the condensation: the edges leaving a component go to components
 * with smaller ids.
 *
 * <p>Whole graph: O(n + m) time, six {@code int} arrays of length {@code n} as working memory, of
 * which two (components and sizes) are kept. Subgraph of {@code k} vertices: the search runs on
 * the induced subgraph, renumbered by rank ({@link CsrDigraph#induced}: O(n/64 + k + m_k) time for
 * the {@code m_k} edges leaving its vertices, {@code 8k + 4m'} bytes for the {@code m'} edges
 * inside), then as above with {@code k} for {@code n}; vertices and ranks are translated by a
 * rank index of {@code n/16} bytes and the members' list ({@code 4k}), no {@code int[n]}.
 * Immutable once computed.
 */
public final class StronglyConnectedComponents {
    /** The component of each searched vertex, by vertex (whole graph) or by rank in the subset. */
    private final int[] component;
    /** Component sizes; may be longer than {@link #count}. */
    private final int[] size;
    private final int count;
    /** {@code null} for the whole graph; else the subset's vertices in increasing order (rank to vertex). */
    private final int[] vertexOfRank;
    private final VertexSet within;
    private final int n;

    private StronglyConnectedComponents(int n, int[] component, int[] size, int count, int[] vertexOfRank,
                                        VertexSet within) {
        this.n = n;
        this.component = component;
        this.size = size;
        this.count = count;
        this.vertexOfRank = vertexOfRank;
        this.within = within;
    }

    /** The components of the whole graph. */
    public static StronglyConnectedComponents of(CsrDigraph g) {
        int n = g.vertexCount();
        int[][] result = search(g.offsets, g.targets, n);
        return new StronglyConnectedComponents(n, result[0], result[1], result[2][0], null, null);
    }

    /**
     * The components of the subgraph induced by {@code within}: edges to vertices outside it are
     * ignored, and vertices outside it belong to no component ({@link #componentOf} gives -1).
     *
     * @throws IllegalArgumentException if {@code within} is over a graph of another size
     */
    public static StronglyConnectedComponents of(CsrDigraph g, VertexSet within) {
        CsrDigraph sub = g.induced(within);
        int[][] result = search(sub.offsets, sub.targets, sub.vertexCount());
        return new StronglyConnectedComponents(g.vertexCount(), result[0], result[1], result[2][0], within.toArray(),
                within);
    }

    /** Tarjan over CSR arrays of {@code n} vertices: {component by vertex, sizes, {count}}. */
    private static int[][] search(int[] offsets, int[] targets, int n) {
        int[] index = new int[n];
        int[] low = new int[n];
        int[] comp = new int[n];
        int[] stack = new int[n];
        int[] calls = new int[n];
        int[] next = new int[n];
        Arrays.fill(index, -1);
        Arrays.fill(comp, -1);
        int counter = 0;
        int sp = 0;
        int components = 0;
        for (int s = 0; s < n; s++) {
            if (index[s] != -1) {
                continue;
            }
            int csp = 0;
            index[s] = low[s] = counter++;
            stack[sp++] = s;
            next[s] = offsets[s];
            calls[csp++] = s;
            while (csp > 0) {
                int v = calls[csp - 1];
                if (next[v] < offsets[v + 1]) {
                    int w = targets[next[v]++];
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        next[w] = offsets[w];
                        calls[csp++] = w;
                    } else if (comp[w] == -1 && index[w] < low[v]) {
                        // visited and not yet in a component: w is on the Tarjan stack
                        low[v] = index[w];
                    }
                } else {
                    csp--;
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            comp[w] = components;
                        } while (w != v);
                        components++;
                    }
                    if (csp > 0) {
                        int u = calls[csp - 1];
                        if (low[v] < low[u]) {
                            low[u] = low[v];
                        }
                    }
                }
            }
        }
        int[] size = next; // the cursors are free now
        Arrays.fill(size, 0, components, 0);
        for (int v = 0; v < n; v++) {
            size[comp[v]]++;
        }
        return new int[][] {comp, size, {components}};
    }

    /** The number of components (of the whole graph, or of the subgraph). */
    public int count() {
        return count;
    }

    /** The component of {@code vertex}, or -1 if the components are of a subgraph without it. */
    public int componentOf(int vertex) {
        if (vertexOfRank == null) {
            return component[vertex];
        }
        if (vertex < 0 || vertex >= n) {
            throw new IndexOutOfBoundsException("vertex " + vertex + " is not in 0.." + (n - 1));
        }
        int r = within.rank(vertex);
        return r < 0 ? -1 : component[r];
    }

    /** The number of vertices of component {@code componentId}. */
    public int size(int componentId) {
        Objects.checkIndex(componentId, count);
        return size[componentId];
    }

    /**
     * The components of at least {@code minSize} vertices, each as its vertices in increasing
     * order, ordered by smallest vertex. O(k) time besides the output.
     */
    public List<int[]> components(int minSize) {
        int[] slot = new int[count];
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            if (size[c] >= minSize) {
                slot[c] = out.size();
                out.add(new int[size[c]]);
            } else {
                slot[c] = -1;
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        int[] fill = new int[out.size()];
        List<int[]> firstSeen = new ArrayList<>(out.size());
        for (int r = 0; r < component.length; r++) {
            int s = slot[component[r]];
            if (s >= 0) {
                int[] members = out.get(s);
                if (fill[s] == 0) {
                    firstSeen.add(members);
                }
                members[fill[s]++] = vertexOfRank == null ? r : vertexOfRank[r];
            }
        }
        // Ranks follow vertex order, so members are ascending and firstSeen is ordered by smallest member.
        return firstSeen;
    }
}
