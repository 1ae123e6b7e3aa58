package io.cutwatch.deadlock;

import io.cutwatch.graph.CsrDigraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A wait-for graph in compact form: vertices are ints {@code 0..n-1} with names, edges are the
 * edges of a {@link CsrDigraph} (the shared graph kernel) with an int label per edge position.
 * About 8 bytes per edge plus 4 per vertex, so graphs of millions of edges fit where an object
 * graph would not.
 *
 * <p>The structure is {@link #digraph()}: the edges of vertex {@code v} are its positions
 * {@code firstEdge(v) .. endEdge(v)-1}; {@link #label(int)} and {@link #edge(int, int)} read the
 * wait at a position. Immutable and thread-safe.
 */
public final class WaitForGraph {
    private final CsrDigraph digraph;
    private final int[] labels;
    private final String[] labelNames;
    private final IntFunction<String> names;
    private volatile Map<String, Integer> index;

    private WaitForGraph(CsrDigraph digraph, int[] labels, String[] labelNames, IntFunction<String> names,
                         Map<String, Integer> index) {
        this.digraph = digraph;
        this.labels = labels;
        this.labelNames = labelNames;
        this.names = names;
        this.index = index;
    }

    /**
     * The graph of these waits; vertex ids in order of first appearance, duplicate edges kept
     * once. O(E) expected time.
     */
    public static WaitForGraph of(Collection<WaitForEdge> waits) {
        Map<String, Integer> vertices = new HashMap<>();
        List<String> vertexNames = new ArrayList<>();
        Map<String, Integer> labelIds = new HashMap<>();
        List<String> labelList = new ArrayList<>();
        List<WaitForEdge> distinct = new ArrayList<>(new LinkedHashSet<>(waits));
        int m = distinct.size();
        int[] from = new int[m];
        int[] to = new int[m];
        int[] label = new int[m];
        for (int i = 0; i < m; i++) {
            WaitForEdge e = Objects.requireNonNull(distinct.get(i), "null wait-for edge");
            from[i] = vertices.computeIfAbsent(e.waiter(), k -> {
                vertexNames.add(k);
                return vertexNames.size() - 1;
            });
            to[i] = vertices.computeIfAbsent(e.holder(), k -> {
                vertexNames.add(k);
                return vertexNames.size() - 1;
            });
            label[i] = labelIds.computeIfAbsent(e.resource(), k -> {
                labelList.add(k);
                return labelList.size() - 1;
            });
        }
        String[] nameArray = vertexNames.toArray(new String[0]);
        return build(nameArray.length, from, to, label, labelList.toArray(new String[0]), v -> nameArray[v],
                Map.copyOf(vertices));
    }

    /**
     * A graph straight from edge arrays (bulk input, benchmarks): edge {@code i} goes from
     * {@code from[i]} to {@code to[i]} with label {@code labelNames[label[i]]}. Duplicates are kept.
     * {@code names} gives vertex {@code v}'s name and must be injective. O(V + E) time; the input
     * arrays are not kept.
     *
     * @throws IllegalArgumentException naming the first edge with a vertex or label out of range
     */
    public static WaitForGraph fromArrays(int vertexCount, int[] from, int[] to, int[] label, String[] labelNames,
                                          IntFunction<String> names) {
        if (vertexCount < 0) {
            throw new IllegalArgumentException("vertexCount must be >= 0, got " + vertexCount);
        }
        if (from.length != to.length || from.length != label.length) {
            throw new IllegalArgumentException("edge arrays differ in length: from " + from.length + ", to "
                    + to.length + ", label " + label.length);
        }
        for (int i = 0; i < label.length; i++) {
            if (label[i] < 0 || label[i] >= labelNames.length) {
                throw new IllegalArgumentException("edge " + i + " has label " + label[i] + " outside the "
                        + labelNames.length + " label names");
            }
        }
        return build(vertexCount, from, to, label, labelNames.clone(), Objects.requireNonNull(names, "names"), null);
    }

    /** The kernel checks the vertices (naming the first bad edge) and moves each label to its edge's position. */
    private static WaitForGraph build(int n, int[] from, int[] to, int[] label, String[] labelNames,
                                      IntFunction<String> names, Map<String, Integer> index) {
        int[] labels = new int[from.length];
        CsrDigraph digraph = CsrDigraph.fromEdges(n, from, to, label, labels);
        return new WaitForGraph(digraph, labels, labelNames, names, index);
    }

    /** The structure: vertices, edges and their positions. */
    public CsrDigraph digraph() {
        return digraph;
    }

    public int vertexCount() {
        return digraph.vertexCount();
    }

    public int edgeCount() {
        return digraph.edgeCount();
    }

    public String name(int vertex) {
        return names.apply(vertex);
    }

    /**
     * The id of the vertex called {@code name}, or -1. The first call on a graph built
     * {@link #fromArrays} indexes every name (O(V)).
     */
    public int indexOf(String name) {
        Map<String, Integer> idx = index;
        if (idx == null) {
            synchronized (this) {
                if (index == null) {
                    int n = digraph.vertexCount();
                    Map<String, Integer> m = new HashMap<>(n * 2);
                    for (int v = 0; v < n; v++) {
                        m.put(names.apply(v), v);
                    }
                    index = m;
                }
                idx = index;
            }
        }
        Integer v = idx.get(name);
        return v == null ? -1 : v;
    }

    /** The label id of the edge at {@code position}. */
    public int label(int position) {
        return labels[position];
    }

    public String labelName(int labelId) {
        return labelNames[labelId];
    }

    /** The edge at {@code position} leaving {@code source}, as a value. */
    public WaitForEdge edge(int source, int position) {
        return new WaitForEdge(name(source), name(digraph.target(position)), labelNames[labels[position]]);
    }

    /** Every edge as a value, by source vertex then insertion order. O(E) objects: for small graphs. */
    public List<WaitForEdge> edges() {
        List<WaitForEdge> out = new ArrayList<>(digraph.edgeCount());
        for (int v = 0; v < digraph.vertexCount(); v++) {
            for (int e = digraph.firstEdge(v); e < digraph.endEdge(v); e++) {
                out.add(edge(v, e));
            }
        }
        return out;
    }

    /** Bytes held by the adjacency arrays (names and labels not counted). */
    public long arrayBytes() {
        return digraph.arrayBytes() + 4L * labels.length;
    }

    @Override
    public String toString() {
        return "WaitForGraph{" + vertexCount() + " vertices, " + edgeCount() + " edges}";
    }
}
