package io.cutwatch.bench.gc;

import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.gc.GarbageDetector;
import io.cutwatch.gc.GarbageReport;
import io.cutwatch.gc.HeapAdapter;
import io.cutwatch.gc.GarbageComponents;
import io.cutwatch.gc.Marking;
import io.cutwatch.gc.Marks;
import io.cutwatch.gc.ObjectGraph;
import io.cutwatch.gc.ObjectGraphBuilder;
import io.cutwatch.gc.ObjectRef;
import io.cutwatch.gc.RetainedSets;
import io.cutwatch.gc.Retainer;
import io.cutwatch.gc.RetentionPath;
import io.cutwatch.gc.ShortestRetentionPath;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Global marking at scale: a random object graph of {@code --objects} objects and
 * {@code --references} references over {@code --processes} processes (80% of references local,
 * 20% remote; 0.1% of objects are roots), built straight into CSR arrays, then marked by
 * {@link Marking} and, as the baseline, by a plain BFS over the same arrays (boolean[] visited,
 * int[] queue), alternating, after warm-up. Reports each one's time (median and best) and the
 * heap: the structure (used heap after GC with the graph built minus before) and each
 * traversal's own allocation (per-thread allocated bytes).
 *
 * <p>With {@code --explain} it also times the explanations (dominator tree with the largest retained
 * sets, a shortest retention path) against a plain BFS in the same rounds. With {@code --detect} it also runs the whole detector ({@link GarbageDetector#detect}) on a
 * snapshot holding the same graph as per-process recorded states: graph building through the
 * adapter, marking, distributed cycles and the report.
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar io.cutwatch.bench.gc.MarkingBenchmark [--detect] [--explain]}
 */
public final class MarkingBenchmark {
    private static final double LOCAL = 0.8;
    private static final double ROOTS = 0.001;

    private MarkingBenchmark() {
    }

    /** The raw arrays of the generated graph, shared with the {@link ObjectGraph} built over them. */
    record Csr(ObjectGraph graph, int[] offsets, int[] targets, int[] roots) {
    }

    public static void main(String[] args) {
        Map<String, String> opt = options(args);
        int n = Integer.parseInt(opt.getOrDefault("objects", "10000000"));
        int e = Integer.parseInt(opt.getOrDefault("references", "20000000"));
        int p = Integer.parseInt(opt.getOrDefault("processes", "16"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "5"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        boolean detect = opt.containsKey("detect");

        System.out.printf("java %s, %d cores, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        Csr csr = generate(n, e, p, seed);
        ObjectGraph g = csr.graph();
        long buildNanos = System.nanoTime() - t0;
        long structure = usedAfterGc() - before;
        System.out.printf("graph: %,d objects, %,d references (%,d remote), %d processes, %,d roots; generated in"
                        + " %.2f s; structure heap %.1f MiB%n", g.nodeCount(), g.edgeCount(), g.remoteEdgeCount(),
                p, g.localRootCount(), buildNanos / 1e9, structure / 1048576.0);

        for (int w = 0; w < 2; w++) {
            Marking.mark(g);
            Bfs.run(csr);
        }
        long[] markTimes = new long[rounds];
        long[] markCpu = new long[rounds];
        long[] bfsCpu = new long[rounds];
        long[] bfsTimes = new long[rounds];
        long markAlloc = 0;
        long bfsAlloc = 0;
        int marked = 0;
        int visited = 0;
        for (int r = 0; r < rounds; r++) {
            long a0 = allocated();
            long c = cpu();
            long s = System.nanoTime();
            Marks m = Marking.mark(g);
            markTimes[r] = System.nanoTime() - s;
            markCpu[r] = cpu() - c;
            markAlloc = allocated() - a0;
            marked = m.markedCount();

            a0 = allocated();
            c = cpu();
            s = System.nanoTime();
            visited = Bfs.run(csr);
            bfsTimes[r] = System.nanoTime() - s;
            bfsCpu[r] = cpu() - c;
            bfsAlloc = allocated() - a0;
        }
        if (marked != visited) {
            throw new IllegalStateException("marking reached " + marked + " objects, BFS " + visited);
        }
        Arrays.sort(markTimes);
        Arrays.sort(bfsTimes);
        double markMedian = markTimes[rounds / 2] / 1e9;
        double bfsMedian = bfsTimes[rounds / 2] / 1e9;
        System.out.printf("reachable %,d, garbage %,d%n", marked, g.nodeCount() - marked);
        System.out.printf("| traversal | median s | best s | own allocation MiB | structure + own MiB |%n");
        System.out.printf("|---|---|---|---|---|%n");
        System.out.printf("| Marking (level-synchronous, bitset frontiers) | %.3f | %.3f | %.1f | %.1f |%n", markMedian,
                markTimes[0] / 1e9, markAlloc / 1048576.0, (structure + markAlloc) / 1048576.0);
        System.out.printf("| plain BFS (boolean[], int[] queue) | %.3f | %.3f | %.1f | %.1f |%n", bfsMedian,
                bfsTimes[0] / 1e9, bfsAlloc / 1048576.0, (structure + bfsAlloc) / 1048576.0);
        System.out.printf("ratio Marking / BFS (median): %.2f; %d rounds each, alternating, after 2 warm-up rounds%n",
                markMedian / bfsMedian, rounds);
        Arrays.sort(markCpu);
        Arrays.sort(bfsCpu);
        System.out.printf("cpu time (this thread; less disturbed by other load than wall time): Marking median %.3f s,"
                + " best %.3f s; plain BFS median %.3f s, best %.3f s%n", markCpu[rounds / 2] / 1e9, markCpu[0] / 1e9,
                bfsCpu[rounds / 2] / 1e9, bfsCpu[0] / 1e9);

        if (opt.containsKey("explain")) {
            explain(csr, Math.max(3, rounds));
        }
        if (detect) {
            long s0 = usedAfterGc();
            GlobalSnapshot<Heap> snapshot = snapshotOf(csr, p);
            long states = usedAfterGc() - s0;
            List<String> names = g.processes();
            detect(snapshot, states, names, marked, Math.max(3, rounds), csr);
        }
    }

    /**
     * The explanations on the same graph, each against a plain BFS in the same round (thread CPU
     * time, alternating): the dominator tree with the 10 largest retained sets, and one shortest
     * retention path to the reachable object the plain BFS reaches last (the worst case: the
     * search visits everything before it).
     */
    private static void explain(Csr csr, int rounds) {
        ObjectGraph g = csr.graph();
        int far = Bfs.last(csr);
        ObjectRef target = g.ref(far);
        long[] domCpu = new long[rounds];
        long[] pathCpu = new long[rounds];
        long[] bfsCpu = new long[rounds];
        long domAlloc = 0;
        int pathLength = 0;
        for (int r = -1; r < rounds; r++) {
            long c = cpu();
            Bfs.run(csr);
            long bfs = cpu() - c;
            long a0 = allocated();
            c = cpu();
            List<Retainer> top = RetainedSets.largest(g, 10);
            long dom = cpu() - c;
            long alloc = allocated() - a0;
            c = cpu();
            RetentionPath path = ShortestRetentionPath.to(g, target).orElseThrow();
            long pathTime = cpu() - c;
            if (r >= 0) {
                bfsCpu[r] = bfs;
                domCpu[r] = dom;
                pathCpu[r] = pathTime;
                domAlloc = alloc;
                pathLength = path.length();
                if (top.isEmpty()) {
                    throw new IllegalStateException("no live object retains anything");
                }
            }
        }
        double[] domRatio = new double[rounds];
        double[] pathRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            domRatio[r] = (double) domCpu[r] / bfsCpu[r];
            pathRatio[r] = (double) pathCpu[r] / bfsCpu[r];
        }
        Arrays.sort(domCpu);
        Arrays.sort(pathCpu);
        Arrays.sort(bfsCpu);
        Arrays.sort(domRatio);
        Arrays.sort(pathRatio);
        System.out.printf("%nexplanations on the same graph (thread cpu time, %d rounds after a warm-up, each round"
                + " beside a plain BFS)%n", rounds);
        System.out.printf("| computation | median s | best s | ratio to plain BFS (median, min..max over rounds) |%n");
        System.out.printf("|---|---|---|---|%n");
        System.out.printf("| plain BFS | %.3f | %.3f | 1 |%n", bfsCpu[rounds / 2] / 1e9, bfsCpu[0] / 1e9);
        System.out.printf("| dominator tree + 10 largest retained sets | %.3f | %.3f | %.2f (%.2f..%.2f) |%n",
                domCpu[rounds / 2] / 1e9, domCpu[0] / 1e9, domRatio[rounds / 2], domRatio[0], domRatio[rounds - 1]);
        System.out.printf("| shortest retention path to the farthest object (length %d) | %.3f | %.3f | %.2f (%.2f..%.2f) |%n",
                pathLength, pathCpu[rounds / 2] / 1e9, pathCpu[0] / 1e9, pathRatio[rounds / 2], pathRatio[0],
                pathRatio[rounds - 1]);
        System.out.printf("dominator tree + retained sets allocated %.1f MiB per run%n", domAlloc / 1048576.0);
    }

    /** A snapshot whose recorded states hold the same graph, as per-process arrays. */
    private static GlobalSnapshot<Heap> snapshotOf(Csr csr, int p) {
        ObjectGraph g = csr.graph();
        List<String> ids = g.processes();
        Topology topology = Topology.ring(ids);
        List<LocalSnapshot<Heap>> pieces = new ArrayList<>();
        for (int q = 0; q < p; q++) {
            Map<ChannelId, List<Object>> in = new HashMap<>();
            for (ChannelId c : topology.inbound(ids.get(q))) {
                in.put(c, List.of());
            }
            pieces.add(new LocalSnapshot<>(1, ids.get(q), Heap.of(g, q, csr.roots()), in, VectorClock.zero(p)));
        }
        return GlobalSnapshot.assemble(1, topology, pieces);
    }

    /**
     * The whole detector on {@code snapshot}: a warm-up, then {@code rounds} rounds, each timing a
     * plain BFS over the generated arrays and then {@link GarbageDetector#detect} (thread CPU time;
     * both single-threaded), so each round gives one ratio; then one run split into its phases
     * (graph building, marking, cycles) through the public graph API. The detector's memory is
     * what it allocates per run (an upper bound on what it holds at once) beside the recorded
     * states.
     */
    private static void detect(GlobalSnapshot<Heap> snapshot, long states, List<String> names, int marked, int rounds,
                               Csr csr) {
        GarbageDetector<Heap> detector = GarbageDetector.of(Heap.class, new ArrayHeapAdapter(names));
        long[] times = new long[rounds];
        long[] bfsTimes = new long[rounds];
        double[] ratios = new double[rounds];
        long alloc = 0;
        String what = "";
        for (int r = -1; r < rounds; r++) {
            long c = cpu();
            Bfs.run(csr);
            long bfs = cpu() - c;
            long a0 = allocated();
            c = cpu();
            GarbageReport report = detector.detect(snapshot);
            long t = cpu() - c;
            alloc = allocated() - a0;
            if (report.examined().objects() - report.garbageCount() != marked) {
                throw new IllegalStateException("the detector found " + report.garbageCount() + " garbage, marking "
                        + marked + " reachable of " + report.examined().objects());
            }
            what = report.garbageCount() + " garbage of " + report.examined().objects() + " objects, "
                    + report.distributedCycles().size() + " distributed cycles";
            System.out.printf("%s: plain BFS %.3f s, detect %.3f s (cpu), ratio %.2f, detect allocated %.1f MiB%n",
                    r < 0 ? "warm-up" : "round " + (r + 1), bfs / 1e9, t / 1e9, (double) t / bfs, alloc / 1048576.0);
            if (r >= 0) {
                times[r] = t;
                bfsTimes[r] = bfs;
                ratios[r] = (double) t / bfs;
            }
        }
        Arrays.sort(times);
        Arrays.sort(bfsTimes);
        Arrays.sort(ratios);
        System.out.printf("%ndetect (thread cpu time, %d rounds after a warm-up, each beside a plain BFS): median %.3f s,"
                + " best %.3f s; plain BFS median %.3f s; ratio detect / plain BFS: median %.2f (min %.2f, max %.2f);"
                + " allocated %.1f MiB per run; %s%n", rounds, times[rounds / 2] / 1e9, times[0] / 1e9,
                bfsTimes[rounds / 2] / 1e9, ratios[rounds / 2], ratios[0], ratios[rounds - 1], alloc / 1048576.0, what);

        long s = cpu();
        ObjectGraph graph = ObjectGraphBuilder.build(snapshot, Heap.class, new ArrayHeapAdapter(names));
        long built = cpu();
        Marks marks = Marking.mark(graph);
        long m1 = cpu();
        GarbageComponents.find(graph, marks);
        long c1 = cpu();
        System.out.printf("phases (cpu): build graph %.3f s, mark %.3f s, cycles %.3f s%n", (built - s) / 1e9,
                (m1 - built) / 1e9, (c1 - m1) / 1e9);
        System.out.printf("heap: recorded states %.1f MiB; states + the detector's allocation per run %.1f MiB (a bound"
                + " on the peak)%n", states / 1048576.0, (states + alloc) / 1048576.0);
    }

    /** One process's recorded heap: object i has id {@code ids[i]}; its references are (process, id) pairs. */
    record Heap(long[] ids, int[] offsets, int[] targetProcess, long[] targetId, int[] roots) {
        static Heap of(ObjectGraph g, int q, int[] allRoots) {
            int lo = g.firstNode(q);
            int hi = g.firstNode(q + 1);
            int[] offsets = new int[hi - lo + 1];
            for (int v = lo; v < hi; v++) {
                offsets[v - lo + 1] = offsets[v - lo] + g.outDegree(v);
            }
            int m = offsets[hi - lo];
            int[] tp = new int[m];
            long[] tid = new long[m];
            int k = 0;
            for (int v = lo; v < hi; v++) {
                for (int j = 0; j < g.outDegree(v); j++) {
                    int w = g.target(v, j);
                    tp[k] = g.processIndexOf(w);
                    tid[k++] = g.objectId(w);
                }
            }
            long[] ids = new long[hi - lo];
            for (int v = lo; v < hi; v++) {
                ids[v - lo] = g.objectId(v);
            }
            int[] roots = Arrays.stream(allRoots).filter(v -> v >= lo && v < hi).map(v -> v - lo).toArray();
            return new Heap(ids, offsets, tp, tid, roots);
        }
    }

    /** Reads {@link Heap} states; process indices name processes through {@code names}. Stateless. */
    record ArrayHeapAdapter(List<String> names) implements HeapAdapter<Heap> {
        @Override
        public void describe(String process, Heap h, HeapSink out) {
            long[] ids = h.ids();
            for (long id : ids) {
                out.object(id);
            }
            for (int i = 0; i < ids.length; i++) {
                for (int k = h.offsets()[i]; k < h.offsets()[i + 1]; k++) {
                    out.reference(ids[i], names.get(h.targetProcess()[k]), h.targetId()[k]);
                }
            }
            for (int r : h.roots()) {
                out.root(ids[r]);
            }
        }

        @Override
        public int objectCount(String process, Heap h) {
            return h.ids().length;
        }
    }

    /** The baseline: textbook BFS over the same CSR arrays. */
    static final class Bfs {
        static int run(Csr g) {
            return order(g).length;
        }

        /** The reachable vertex visited last (the farthest from the roots, in BFS order). */
        static int last(Csr g) {
            int[] order = order(g);
            return order[order.length - 1];
        }

        private static int[] order(Csr g) {
            int[] offsets = g.offsets();
            int[] targets = g.targets();
            int n = offsets.length - 1;
            boolean[] visited = new boolean[n];
            int[] queue = new int[n];
            int head = 0;
            int tail = 0;
            for (int r : g.roots()) {
                if (!visited[r]) {
                    visited[r] = true;
                    queue[tail++] = r;
                }
            }
            while (head < tail) {
                int v = queue[head++];
                for (int k = offsets[v], end = offsets[v + 1]; k < end; k++) {
                    int w = targets[k];
                    if (!visited[w]) {
                        visited[w] = true;
                        queue[tail++] = w;
                    }
                }
            }
            return tail == n ? queue : Arrays.copyOf(queue, tail);
        }
    }

    /** Random CSR graph; two passes over one seeded stream so no edge list is ever materialised. */
    static Csr generate(int n, int e, int p, long seed) {
        int[] start = new int[p + 1];
        for (int q = 0; q <= p; q++) {
            start[q] = (int) ((long) n * q / p);
        }
        int[] offsets = new int[n + 1];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < e; k++) {
            offsets[rnd.nextInt(n) + 1]++;
            rnd.nextDouble();
            rnd.nextInt(n);
        }
        for (int v = 0; v < n; v++) {
            offsets[v + 1] += offsets[v];
        }
        int[] fill = Arrays.copyOf(offsets, n);
        int[] targets = new int[e];
        rnd = new SplittableRandom(seed);
        for (int k = 0; k < e; k++) {
            int src = rnd.nextInt(n);
            boolean local = rnd.nextDouble() < LOCAL;
            int r = rnd.nextInt(n);
            int dst;
            if (local) {
                int q = (int) ((long) src * p / n);
                while (start[q + 1] <= src) {
                    q++;
                }
                while (start[q] > src) {
                    q--;
                }
                dst = start[q] + (int) ((long) r * (start[q + 1] - start[q]) / n);
            } else {
                dst = r;
            }
            targets[fill[src]++] = dst;
        }
        long[] ids = new long[n];
        for (int v = 0; v < n; v++) {
            ids[v] = 1_000_000L * (v - start[(int) ((long) v * p / n)]) + 17; // sparse, non-trivial ids
        }
        int step = (int) Math.round(1 / ROOTS);
        int[] roots = new int[(n + step - 1) / step];
        for (int i = 0; i < roots.length; i++) {
            roots[i] = i * step;
        }
        List<String> names = Topology.ids("p", p);
        return new Csr(ObjectGraph.ofArrays(names, start, ids, offsets, targets, roots, new int[0]), offsets, targets,
                roots);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]
                        + "; use --objects N --references N --processes N --rounds N --seed N --detect --explain");
            }
            String key = args[i].substring(2);
            if (key.equals("detect") || key.equals("explain")) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return m;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU time of the calling thread, ns. */
    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
