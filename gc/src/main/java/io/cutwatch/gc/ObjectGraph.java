package io.cutwatch.gc;

import io.cutwatch.graph.CsrDigraph;
import io.cutwatch.model.ChannelId;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The global object graph of one snapshot: objects are nodes {@code 0..n-1}, numbered
 * contiguously per process in process order, and the references between them are the edges of a
 * {@link CsrDigraph} (the shared graph kernel; {@link #digraph()}), so the references held by node
 * {@code v} are its edges. No object per node or per edge: about {@code 4(n+1) + 4e + 8n} bytes
 * for the CSR arrays and object ids.
 *
 * <p>Roots come in two kinds: local roots (declared by the processes' recorded states) and
 * in-transit roots (references carried by messages recorded in channel states, which their
 * receivers will hold). References that pointed to objects no process holds are not edges;
 * they are kept as {@link #danglingCount() dangling references} so the detector can tell
 * harmless ones (from garbage) from broken ones (from live objects).
 *
 * <p>Immutable after construction and safe to share between threads. {@link #ofArrays} takes
 * ownership of the arrays it is given: the caller must not change them afterwards.
 */
public final class ObjectGraph {
    private final List<String> processes;
    final int[] processStart;
    final long[] objectIds;
    private final CsrDigraph digraph;
    final int[] roots;
    final int[] inTransitRoots;
    /** The channel whose recorded message carried each in-transit root (null where unknown). */
    final ChannelId[] inTransitChannels;
    final int[] danglingSources;
    final ObjectRef[] danglingTargets;
    /** Edges crossing processes, counted by whoever built the arrays; -1 if not counted. */
    private final long remoteEdges;

    ObjectGraph(List<String> processes, int[] processStart, long[] objectIds, CsrDigraph digraph,
                int[] roots, int[] inTransitRoots, ChannelId[] inTransitChannels, int[] danglingSources,
                ObjectRef[] danglingTargets, long remoteEdges) {
        this.processes = List.copyOf(processes);
        this.processStart = processStart;
        this.objectIds = objectIds;
        this.digraph = digraph;
        this.roots = roots;
        this.inTransitRoots = inTransitRoots;
        this.inTransitChannels = inTransitChannels;
        this.danglingSources = danglingSources;
        this.danglingTargets = danglingTargets;
        this.remoteEdges = remoteEdges;
    }

    /**
     * A graph over arrays built elsewhere (benchmarks, other front ends); checks shapes and
     * index ranges in O(n + e) and takes ownership of the arrays.
     *
     * @param processes      process ids, in node order
     * @param processStart   {@code processes.size() + 1} non-decreasing node indices; the nodes of
     *                       process {@code p} are {@code [processStart[p], processStart[p+1])}
     * @param objectIds      the object id of each node within its process
     * @param offsets        {@code n + 1} non-decreasing edge indices, {@code offsets[n] == targets.length}
     * @param targets        the target node of each edge
     * @param roots          local root nodes
     * @param inTransitRoots nodes referenced by messages in transit
     * @throws IllegalArgumentException naming the first array and index that is out of shape
     */
    public static ObjectGraph ofArrays(List<String> processes, int[] processStart, long[] objectIds, int[] offsets,
                                       int[] targets, int[] roots, int[] inTransitRoots) {
        Objects.requireNonNull(processes, "processes");
        int n = objectIds.length;
        require(processStart.length == processes.size() + 1, "processStart has " + processStart.length
                + " entries, need processes + 1 = " + (processes.size() + 1));
        require(processStart[0] == 0 && processStart[processes.size()] == n,
                "processStart must run from 0 to the node count " + n);
        for (int p = 0; p < processes.size(); p++) {
            require(processStart[p] <= processStart[p + 1], "processStart decreases at process " + processes.get(p));
        }
        require(offsets.length == n + 1, "offsets has " + offsets.length + " entries, need nodes + 1 = " + (n + 1));
        require(offsets[0] == 0 && offsets[n] == targets.length, "offsets must run from 0 to the edge count "
                + targets.length);
        for (int v = 0; v < n; v++) {
            require(offsets[v] <= offsets[v + 1], "offsets decrease at node " + v);
        }
        checkNodes("targets", targets, n);
        checkNodes("roots", roots, n);
        checkNodes("inTransitRoots", inTransitRoots, n);
        return new ObjectGraph(processes, processStart, objectIds, CsrDigraph.of(offsets, targets), roots,
                inTransitRoots, new ChannelId[inTransitRoots.length], new int[0], new ObjectRef[0], -1);
    }

    private static void checkNodes(String what, int[] nodes, int n) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] < 0 || nodes[i] >= n) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + nodes[i] + " is not a node (0.." + (n - 1) + ")");
            }
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    public List<String> processes() {
        return processes;
    }

    public int nodeCount() {
        return objectIds.length;
    }

    /** The references between existing objects, as a graph on the nodes. */
    public CsrDigraph digraph() {
        return digraph;
    }

    /** References between existing objects (edges). */
    public int edgeCount() {
        return digraph.edgeCount();
    }

    /** Edges whose target is hosted by another process than the source. O(1) when the builder counted them, else O(e). */
    public long remoteEdgeCount() {
        if (remoteEdges >= 0) {
            return remoteEdges;
        }
        long n = 0;
        for (int p = 0; p < processes.size(); p++) {
            int lo = processStart[p];
            int hi = processStart[p + 1];
            for (int i = digraph.firstEdge(lo), end = digraph.firstEdge(hi); i < end; i++) {
                int t = digraph.target(i);
                if (t < lo || t >= hi) {
                    n++;
                }
            }
        }
        return n;
    }

    public int localRootCount() {
        return roots.length;
    }

    public int inTransitRootCount() {
        return inTransitRoots.length;
    }

    /** References to objects no process holds (not edges). */
    public int danglingCount() {
        return danglingSources.length;
    }

    /** The index of the process hosting {@code node} in {@link #processes()}. O(log processes). */
    public int processIndexOf(int node) {
        int i = Arrays.binarySearch(processStart, node);
        if (i >= 0) {
            // Several processes may start here when some are empty: take the last.
            while (i + 1 < processStart.length - 1 && processStart[i + 1] == node) {
                i++;
            }
            return i;
        }
        return -i - 2;
    }

    /** The nodes of process {@code p} (by index) are {@code [firstNode(p), firstNode(p+1))}. */
    public int firstNode(int processIndex) {
        return processStart[processIndex];
    }

    public long objectId(int node) {
        return objectIds[node];
    }

    /** The source node of the {@code k}-th dangling reference, {@code 0 <= k < danglingCount()}. */
    public int danglingSource(int k) {
        return danglingSources[k];
    }

    /** The missing object the {@code k}-th dangling reference names. */
    public ObjectRef danglingTarget(int k) {
        return danglingTargets[k];
    }

    /**
     * The node of {@code ref}, or -1 if no process holds it. O(objects of its process): for
     * one-off questions (see {@link ShortestRetentionPath}), not for loops over the graph.
     */
    public int nodeOf(ObjectRef ref) {
        int p = processes.indexOf(ref.process());
        if (p < 0) {
            return -1;
        }
        for (int v = processStart[p]; v < processStart[p + 1]; v++) {
            if (objectIds[v] == ref.objectId()) {
                return v;
            }
        }
        return -1;
    }

    public ObjectRef ref(int node) {
        return new ObjectRef(processes.get(processIndexOf(node)), objectIds[node]);
    }

    /** The number of references {@code node} holds to existing objects. */
    public int outDegree(int node) {
        return digraph.outDegree(node);
    }

    /** The {@code k}-th reference of {@code node}, {@code 0 <= k < outDegree(node)}. */
    public int target(int node, int k) {
        return digraph.target(digraph.firstEdge(node) + k);
    }

    @Override
    public String toString() {
        return "ObjectGraph{processes=" + processes.size() + ", objects=" + nodeCount() + ", references="
                + edgeCount() + ", localRoots=" + roots.length + ", inTransitRoots=" + inTransitRoots.length + "}";
    }
}
