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
 * vertices need no special thread stack. As in Pearce's variant, a vertex assigned to a component
 * gets an index larger than any live one ({@code Integer.MAX_VALUE} here), so "on the Tarjan stack"
 * needs no separate flag, and its {@code low} slot is reused for its component id.
 *
 * <p>Component ids are {@code 0..count()-1} in the order the components complete, which is a
 * reverse topological order of the condensation: the edges leaving a component go to components
 * with smaller ids.
 *
 * <p>Time O(k + m_k) for the {@code k} vertices searched and the {@code m_k} edges leaving them;
 * on a subgraph, also O(n/64) for a rank index and one rank lookup (a table read and a popcount)
 * per edge. Working memory five {@code int} arrays of length {@code k}, plus for a subgraph
 * {@code 4k + n/16} bytes to translate between vertices and their rank in the subset (no
 * {@code int[n]}); two of the arrays are kept as the result. Immutable once computed.
 */
public final class StronglyConnectedComponents {
    /** The component of each searched vertex, by vertex (whole graph) or by rank in the subset. */
    private final int[] component;
    /** Component sizes; may be longer than {@link #count}. */
    private final int[] size;
    private final int count;
    /** {@code null} for the whole graph; else the subset's vertices in increasing order (rank to vertex). */
    private final int[] vertexOfRank;
    private final Rank rank;
    private final int n;

    private StronglyConnectedComponents(int n, int[] component, int[] size, int count, int[] vertexOfRank, Rank rank) {
        this.n = n;
        this.component = component;
        this.size = size;
        this.count = count;
        this.vertexOfRank = vertexOfRank;
        this.rank = rank;
    }

    /** The components of the whole graph. */
    public static StronglyConnectedComponents of(CsrDigraph g) {
        return compute(g, null);
    }

    /**
     * The components of the subgraph induced by {@code within}: edges to vertices outside it are
     * ignored, and vertices outside it belong to no component ({@link #componentOf} gives -1).
     *
     * @throws IllegalArgumentException if {@code within} is over a graph of another size
     */
    public static StronglyConnectedComponents of(CsrDigraph g, VertexSet within) {
        Objects.requireNonNull(within, "within");
        if (within.universe() != g.vertexCount()) {
            throw new IllegalArgumentException("the vertex set is over " + within.universe() + " vertices, the graph has "
                    + g.vertexCount());
        }
        return compute(g, within);
    }

    private static StronglyConnectedComponents compute(CsrDigraph g, VertexSet within) {
        int[] offsets = g.offsets;
        int[] targets = g.targets;
        int n = g.vertexCount();
        boolean whole = within == null;
        int k = whole ? n : within.size();
        Rank rank = whole ? null : new Rank(within);
        int[] vertex = whole ? null : within.toArray();
        // Vertex v of the search is graph vertex v (whole) or vertex[v] (subgraph, v its rank).
        int[] index = new int[k];
        int[] low = new int[k];
        int[] cursor = new int[k];
        int[] stack = new int[k];
        int[] calls = new int[k];
        Arrays.fill(index, -1);
        int counter = 0;
        int sp = 0;
        int components = 0;
        for (int s = 0; s < k; s++) {
            if (index[s] != -1) {
                continue;
            }
            int csp = 0;
            index[s] = low[s] = counter++;
            stack[sp++] = s;
            cursor[s] = offsets[whole ? s : vertex[s]];
            calls[csp++] = s;
            while (csp > 0) {
                int v = calls[csp - 1];
                int e = cursor[v];
                if (e < offsets[(whole ? v : vertex[v]) + 1]) {
                    cursor[v] = e + 1;
                    int w = whole ? targets[e] : rank.of(targets[e]);
                    if (w < 0) {
                        continue; // an edge leaving the subgraph
                    }
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        cursor[w] = offsets[whole ? w : vertex[w]];
                        calls[csp++] = w;
                    } else if (index[w] < low[v]) {
                        // w is on the Tarjan stack: finished vertices have index MAX_VALUE
                        low[v] = index[w];
                    }
                    continue;
                }
                csp--;
                if (csp > 0) {
                    int u = calls[csp - 1];
                    if (low[v] < low[u]) {
                        low[u] = low[v];
                    }
                }
                if (low[v] == index[v]) {
                    int top = sp;
                    int w;
                    do {
                        w = stack[--sp];
                        index[w] = Integer.MAX_VALUE;
                        low[w] = components; // low is no longer needed: it holds the component from now on
                    } while (w != v);
                    // Sizes grow down from the top of the Tarjan stack array: components <= finished
                    // vertices <= k - sp, so they never meet the live part [0, sp).
                    stack[k - 1 - components++] = top - sp;
                }
            }
        }
        int[] size = cursor; // free now
        for (int c = 0; c < components; c++) {
            size[c] = stack[k - 1 - c];
        }
        return new StronglyConnectedComponents(n, low, size, components, vertex, rank);
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
        int r = rank.of(vertex);
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

    /**
     * A vertex's rank among the members of a {@link VertexSet}, or -1 for a non-member: the members
     * before its 64-bit word (a table) plus those below it in the word (a popcount). O(1) and
     * {@code n/16} bytes, small enough to stay in cache where an {@code int[n]} would not.
     */
    private static final class Rank {
        private final long[] bits;
        private final int[] before;

        Rank(VertexSet set) {
            this.bits = set.words();
            this.before = new int[bits.length];
            int acc = 0;
            for (int w = 0; w < bits.length; w++) {
                before[w] = acc;
                acc += Long.bitCount(bits[w]);
            }
        }

        int of(int vertex) {
            long word = bits[vertex >>> 6];
            if ((word & (1L << vertex)) == 0) {
                return -1;
            }
            return before[vertex >>> 6] + Long.bitCount(word & ((1L << vertex) - 1));
        }
    }
}
