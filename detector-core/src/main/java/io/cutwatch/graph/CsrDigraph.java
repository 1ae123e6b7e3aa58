package io.cutwatch.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * A directed graph on the vertices {@code 0..n-1} in compressed sparse row (CSR) form: the edges
 * leaving vertex {@code v} are the positions {@code firstEdge(v) .. endEdge(v)-1}, and
 * {@link #target(int)} gives the head of the edge at a position. Parallel edges and self-loops
 * are allowed. Positions are stable, so callers keep per-edge data (labels, ...) in their own
 * arrays indexed by position, and per-vertex data in arrays indexed by vertex.
 *
 * <p>Memory: {@code 4(n + 1) + 4m} bytes for {@code n} vertices and {@code m} edges, nothing
 * per vertex or edge beyond that. Immutable and thread-safe; {@link #of} takes ownership of the
 * arrays it is given.
 */
public final class CsrDigraph {
    /** {@code n + 1} non-decreasing edge positions; read directly by the algorithms of this package. */
    final int[] offsets;
    /** The head of each edge, by position. */
    final int[] targets;

    private CsrDigraph(int[] offsets, int[] targets) {
        this.offsets = offsets;
        this.targets = targets;
    }

    /**
     * The graph of the edges {@code from[i] -> to[i]}. Edges are grouped by tail by a stable
     * counting sort, so the edges of one vertex keep their input order. O(n + m) time; the input
     * arrays are not kept.
     *
     * @throws IllegalArgumentException if {@code vertexCount < 0}, the arrays differ in length, or
     *                                  an edge names a vertex outside {@code 0..vertexCount-1} (naming the first such edge)
     */
    public static CsrDigraph fromEdges(int vertexCount, int[] from, int[] to) {
        return fromEdges(vertexCount, from, to, null, null);
    }

    /**
     * As {@link #fromEdges(int, int[], int[])}, also moving one int of data per edge to the edge's
     * position: {@code edgeDataOut[position of edge i] = edgeData[i]}. For labels, weights or the
     * index of the input edge (pass {@code 0..m-1} to learn where each edge went).
     *
     * @param edgeData    one value per input edge, or {@code null} (then {@code edgeDataOut} must be too)
     * @param edgeDataOut receives the values by position; length {@code from.length}
     */
    public static CsrDigraph fromEdges(int vertexCount, int[] from, int[] to, int[] edgeData, int[] edgeDataOut) {
        if (vertexCount < 0) {
            throw new IllegalArgumentException("vertexCount must be >= 0, got " + vertexCount);
        }
        int m = from.length;
        if (to.length != m) {
            throw new IllegalArgumentException("edge arrays differ in length: from " + m + ", to " + to.length);
        }
        if ((edgeData == null) != (edgeDataOut == null)
                || edgeData != null && (edgeData.length != m || edgeDataOut.length != m)) {
            throw new IllegalArgumentException("edgeData and edgeDataOut must both be null or both have the "
                    + m + " entries of the edge arrays");
        }
        int[] offsets = new int[vertexCount + 1];
        for (int i = 0; i < m; i++) { // checks and counts out-degrees in one pass
            int f = from[i];
            int t = to[i];
            if (f < 0 || f >= vertexCount || t < 0 || t >= vertexCount) {
                throw new IllegalArgumentException("edge " + i + " (" + f + " -> " + t
                        + ") names a vertex outside 0.." + (vertexCount - 1));
            }
            offsets[f + 1]++;
        }
        for (int v = 0; v < vertexCount; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, vertexCount);
        int[] targets = new int[m];
        if (edgeData == null) {
            for (int i = 0; i < m; i++) {
                targets[fill[from[i]]++] = to[i];
            }
        } else {
            for (int i = 0; i < m; i++) {
                int pos = fill[from[i]]++;
                targets[pos] = to[i];
                edgeDataOut[pos] = edgeData[i];
            }
        }
        return new CsrDigraph(offsets, targets);
    }

    /**
     * A graph over CSR arrays built elsewhere: {@code offsets} has {@code n + 1} non-decreasing
     * entries from 0 to {@code targets.length}, and every target is a vertex. Checks that in
     * O(n + m) and takes ownership of both arrays (the caller must not change them afterwards).
     *
     * @throws IllegalArgumentException naming the first entry out of shape
     */
    public static CsrDigraph of(int[] offsets, int[] targets) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(targets, "targets");
        if (offsets.length == 0) {
            throw new IllegalArgumentException("offsets needs n + 1 >= 1 entries, got none");
        }
        int n = offsets.length - 1;
        if (offsets[0] != 0 || offsets[n] != targets.length) {
            throw new IllegalArgumentException("offsets must run from 0 to the edge count " + targets.length);
        }
        for (int v = 0; v < n; v++) {
            if (offsets[v] > offsets[v + 1]) {
                throw new IllegalArgumentException("offsets decrease at vertex " + v);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= n) {
                throw new IllegalArgumentException("targets[" + i + "] = " + targets[i] + " is not a vertex (0.."
                        + (n - 1) + ")");
            }
        }
        return new CsrDigraph(offsets, targets);
    }

    /**
     * The subgraph induced by {@code within}: its vertices, renumbered {@code 0..k-1} by
     * {@link VertexSet#rank rank} (increasing vertex order), and the edges between them, in their
     * order here. O(n/64 + k + m_k) time for the {@code m_k} edges leaving its vertices (read twice,
     * forward through memory); {@code 4(k + 1) + 4m'} bytes for the {@code m'} edges inside.
     *
     * @throws IllegalArgumentException if {@code within} is over a graph of another size
     */
    public CsrDigraph induced(VertexSet within) {
        Objects.requireNonNull(within, "within");
        if (within.universe() != vertexCount()) {
            throw new IllegalArgumentException("the vertex set is over " + within.universe() + " vertices, the graph has "
                    + vertexCount());
        }
        int k = within.size();
        int[] subOffsets = new int[k + 1];
        int r = 0;
        for (int v = within.nextMember(0); v >= 0; v = within.nextMember(v + 1)) {
            int inside = 0;
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                if (within.contains(targets[e])) {
                    inside++;
                }
            }
            subOffsets[r + 1] = subOffsets[r] + inside;
            r++;
        }
        int[] subTargets = new int[subOffsets[k]];
        int pos = 0;
        for (int v = within.nextMember(0); v >= 0; v = within.nextMember(v + 1)) {
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                int w = within.rank(targets[e]);
                if (w >= 0) {
                    subTargets[pos++] = w;
                }
            }
        }
        return new CsrDigraph(subOffsets, subTargets);
    }

    public int vertexCount() {
        return offsets.length - 1;
    }

    public int edgeCount() {
        return targets.length;
    }

    /** Position of the first edge leaving {@code vertex}. */
    public int firstEdge(int vertex) {
        return offsets[vertex];
    }

    /** One past the position of the last edge leaving {@code vertex}. */
    public int endEdge(int vertex) {
        return offsets[vertex + 1];
    }

    public int outDegree(int vertex) {
        return offsets[vertex + 1] - offsets[vertex];
    }

    /** The head of the edge at {@code position}, {@code 0 <= position < edgeCount()}. */
    public int target(int position) {
        return targets[position];
    }

    /** Bytes held by the two arrays. */
    public long arrayBytes() {
        return 4L * (offsets.length + targets.length);
    }

    @Override
    public String toString() {
        return "CsrDigraph{" + vertexCount() + " vertices, " + edgeCount() + " edges}";
    }
}
