package io.cutwatch.deadlock.graph;

import io.cutwatch.deadlock.WaitForEdge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A wait-for graph in compact form: vertices are ints {@code 0..n-1} with names, edges are stored
 * as compressed adjacency arrays (CSR) with an int label per edge. About 8 bytes per edge plus
 * 4 per vertex, so graphs of millions of edges fit where an object graph would not.
 *
 * <p>The edges of vertex {@code v} are the positions {@code firstEdge(v) .. endEdge(v)-1};
 * {@link #target(int)} and {@link #label(int)} read one. Immutable and thread-safe.
 */
public final class WaitForGraph {
    private final int vertexCount;
    private final int[] offsets;
    private final int[] targets;
    private final int[] labels;
    private final String[] labelNames;
    private final IntFunction<String> names;
    private volatile Map<String, Integer> index;

    private WaitForGraph(int vertexCount, int[] offsets, int[] targets, int[] labels, String[] labelNames,
                         IntFunction<String> names, Map<String, Integer> index) {
        this.vertexCount = vertexCount;
        this.offsets = offsets;
        this.targets = targets;
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
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 || from[i] >= vertexCount || to[i] < 0 || to[i] >= vertexCount) {
                throw new IllegalArgumentException("edge " + i + " (" + from[i] + " -> " + to[i]
                        + ") names a vertex outside 0.." + (vertexCount - 1));
            }
            if (label[i] < 0 || label[i] >= labelNames.length) {
                throw new IllegalArgumentException("edge " + i + " has label " + label[i] + " outside the "
                        + labelNames.length + " label names");
            }
        }
        return build(vertexCount, from, to, label, labelNames.clone(), Objects.requireNonNull(names, "names"), null);
    }

    private static WaitForGraph build(int n, int[] from, int[] to, int[] label, String[] labelNames,
                                      IntFunction<String> names, Map<String, Integer> index) {
        int m = from.length;
        int[] offsets = new int[n + 1];
        for (int f : from) {
            offsets[f + 1]++;
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] targets = new int[m];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            int pos = fill[from[i]]++;
            targets[pos] = to[i];
            labels[pos] = label[i];
        }
        return new WaitForGraph(n, offsets, targets, labels, labelNames, names, index);
    }

    public int vertexCount() {
        return vertexCount;
    }

    public int edgeCount() {
        return targets.length;
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
                    Map<String, Integer> m = new HashMap<>(vertexCount * 2);
                    for (int v = 0; v < vertexCount; v++) {
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

    /** Position of the first out-edge of {@code vertex}. */
    public int firstEdge(int vertex) {
        return offsets[vertex];
    }

    /** One past the position of the last out-edge of {@code vertex}. */
    public int endEdge(int vertex) {
        return offsets[vertex + 1];
    }

    public int outDegree(int vertex) {
        return offsets[vertex + 1] - offsets[vertex];
    }

    /** The holder end of the edge at {@code position}. */
    public int target(int position) {
        return targets[position];
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
        return new WaitForEdge(name(source), name(targets[position]), labelNames[labels[position]]);
    }

    /** Every edge as a value, by source vertex then insertion order. O(E) objects: for small graphs. */
    public List<WaitForEdge> edges() {
        List<WaitForEdge> out = new ArrayList<>(targets.length);
        for (int v = 0; v < vertexCount; v++) {
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                out.add(edge(v, e));
            }
        }
        return out;
    }

    /** Bytes held by the adjacency arrays (names and labels not counted). */
    public long arrayBytes() {
        return 4L * (offsets.length + targets.length + labels.length);
    }

    @Override
    public String toString() {
        return "WaitForGraph{" + vertexCount + " vertices, " + targets.length + " edges}";
    }
}
