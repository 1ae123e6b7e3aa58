package io.cutwatch.bench.deadlock;

import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.VictimPolicy;
import io.cutwatch.deadlock.WaitModel;
import io.cutwatch.deadlock.DeadlockFinder;
import io.cutwatch.deadlock.WaitForGraph;
import io.cutwatch.graph.CsrDigraph;
import io.cutwatch.graph.StronglyConnectedComponents;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deadlock detection on a large wait-for graph, against two baselines in the same run.
 *
 * <p>The graph: {@code V} vertices, {@code E} edges, {@code C} planted cycles of 2..10 vertices.
 * All other edges follow a random topological order (so they form a DAG), and each planted cycle
 * occupies a block of consecutive positions of that order with no DAG edge inside it: the
 * deadlocked sets are exactly the planted cycles, which the run checks.
 *
 * <ul>
 *   <li>cutwatch: {@link WaitForGraph#fromArrays} (CSR) then {@link DeadlockFinder#find}: the graph
 *       kernel's iterative Tarjan ({@link StronglyConnectedComponents}) on the arrays, deadlocked
 *       components handed to JGraphT for one cycle and a victim each.</li>
 *   <li>array Tarjan: the textbook recursive Tarjan on the same CSR arrays, SCCs only (run in a thread
 *       with a 1 GiB stack: the recursion is as deep as the longest DFS path).</li>
 *   <li>JGraphT: a {@link DefaultDirectedGraph} of the same edges, then {@link CycleDetector#findCycles()}
 *       (the vertices on cycles, via Kosaraju) and {@link CycleDetector#detectCycles()} (yes/no).</li>
 * </ul>
 * Heap is the used heap after full GCs, before and after building each structure.
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar io.cutwatch.bench.deadlock.WaitForGraphBench
 * [vertices edges cycles reps seed]}. With {@code -Dcutwatch.bench.jgrapht=false} the JGraphT
 * baseline (about a minute and a half) is skipped, for repeated before/after runs.
 */
public final class WaitForGraphBench {
    private WaitForGraphBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42L;
        System.out.printf("wait-for graph: %,d vertices, %,d edges, %d planted cycles; %d reps; seed %d; %d cpus;"
                        + " java %s; max heap %d MiB%n", n, m, cycles, reps, seed,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);

        Input in = generate(n, m, cycles, seed);
        System.out.printf("generated: %,d edges (%,d on planted cycles), planted vertices %,d%n", in.from.length,
                in.plantedEdges, in.plantedVertices.size());

        // ---- cutwatch: CSR + iterative Tarjan + JGraphT for the deadlocked part ----
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        WaitForGraph g = WaitForGraph.fromArrays(n, in.from, in.to, in.label, new String[] {"lock"}, v -> "v" + v);
        long buildNs = System.nanoTime() - t0;
        long csrHeap = usedHeap() - heap0;
        long[] detect = new long[reps];
        long[] detectCpu = new long[reps];
        List<Deadlock> found = null;
        for (int r = 0; r < reps; r++) {
            long c = cpu();
            long s = System.nanoTime();
            found = DeadlockFinder.find(g, WaitModel.AND, VictimPolicy.highestId());
            detect[r] = System.nanoTime() - s;
            detectCpu[r] = cpu() - c;
        }
        check("cutwatch", found, in);
        long[] sccOnly = new long[reps];
        long[] sccCpu = new long[reps];
        long[] arrayPhase = new long[reps];
        int comps = 0;
        for (int r = 0; r < reps; r++) {
            long c = cpu();
            long s = System.nanoTime();
            comps = StronglyConnectedComponents.of(g.digraph()).count();
            sccOnly[r] = System.nanoTime() - s;
            sccCpu[r] = cpu() - c;
            s = System.nanoTime();
            int dead = DeadlockFinder.deadlockedComponents(g, WaitModel.AND).size();
            arrayPhase[r] = System.nanoTime() - s;
            if (dead != cycles) {
                throw new IllegalStateException("array phase found " + dead + " deadlocked components");
            }
        }
        System.out.printf("cutwatch      build CSR %6.0f ms, heap %5d MiB | detect (SCC + cycles + victims)"
                        + " median %6.0f ms, min %6.0f ms | found %d deadlocks%n", ms(buildNs), csrHeap >> 20,
                ms(median(detect)), ms(min(detect)), found.size());
        System.out.printf("  of which    iterative Tarjan alone median %6.0f ms (%,d components);"
                        + " array phase (SCC + deadlocked sets) median %6.0f ms%n", ms(median(sccOnly)), comps,
                ms(median(arrayPhase)));
        System.out.printf("  cpu time    detect median %6.0f ms, min %6.0f ms; iterative Tarjan alone median %6.0f ms,"
                        + " min %6.0f ms (this thread's CPU time: less disturbed by other load than wall time)%n",
                ms(median(detectCpu)), ms(min(detectCpu)), ms(median(sccCpu)), ms(min(sccCpu)));

        // ---- baseline: recursive array Tarjan on the same CSR ----
        long[] tarjan = new long[reps];
        int[] nontrivial = new int[1];
        WaitForGraph csr = g;
        for (int r = 0; r < reps; r++) {
            int rr = r;
            AtomicReference<Throwable> err = new AtomicReference<>();
            Thread th = new Thread(null, () -> {
                try {
                    long s = System.nanoTime();
                    nontrivial[0] = new RecursiveTarjan(csr).nontrivialComponents();
                    tarjan[rr] = System.nanoTime() - s;
                } catch (Throwable e) {
                    err.set(e);
                }
            }, "tarjan", 1L << 30);
            th.start();
            th.join();
            if (err.get() != null) {
                throw new IllegalStateException("recursive Tarjan failed", err.get());
            }
        }
        if (nontrivial[0] != cycles) {
            throw new IllegalStateException("recursive Tarjan found " + nontrivial[0] + " cyclic components, planted "
                    + cycles);
        }
        System.out.printf("array Tarjan  (same CSR, recursive, 1 GiB stack)          | SCCs only"
                        + "                  median %6.0f ms, min %6.0f ms | %d cyclic components%n",
                ms(median(tarjan)), ms(min(tarjan)), nontrivial[0]);

        if (!Boolean.parseBoolean(System.getProperty("cutwatch.bench.jgrapht", "true"))) {
            System.out.printf("JGraphT       skipped (-Dcutwatch.bench.jgrapht=false)%n");
            System.out.printf("ratios: array Tarjan / cutwatch detect = %.2fx; array Tarjan / iterative Tarjan = %.2fx%n",
                    median(tarjan) / (double) median(detect), median(tarjan) / (double) median(sccOnly));
            return;
        }

        // ---- baseline: JGraphT object graph + CycleDetector ----
        g = null;
        found = null;
        long heap1 = usedHeap();
        t0 = System.nanoTime();
        Graph<Integer, DefaultEdge> jg = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (int v = 0; v < n; v++) {
            jg.addVertex(v);
        }
        for (int i = 0; i < in.from.length; i++) {
            jg.addEdge(in.from[i], in.to[i]);
        }
        long jBuild = System.nanoTime() - t0;
        long jHeap = usedHeap() - heap1;
        int jreps = Math.max(1, Math.min(reps, 3));
        long[] find = new long[jreps];
        long[] yesNo = new long[jreps];
        Set<Integer> onCycles = null;
        for (int r = 0; r < jreps; r++) {
            long s = System.nanoTime();
            onCycles = new CycleDetector<>(jg).findCycles();
            find[r] = System.nanoTime() - s;
            s = System.nanoTime();
            boolean any = new CycleDetector<>(jg).detectCycles();
            yesNo[r] = System.nanoTime() - s;
            if (!any) {
                throw new IllegalStateException("JGraphT detectCycles() found no cycle");
            }
        }
        if (!onCycles.equals(in.plantedVertices)) {
            throw new IllegalStateException("JGraphT findCycles() returned " + onCycles.size() + " vertices, planted "
                    + in.plantedVertices.size());
        }
        System.out.printf("JGraphT       build graph %6.0f ms, heap %5d MiB | findCycles() median %6.0f ms,"
                        + " detectCycles() median %6.0f ms | %,d vertices on cycles (no sets, no paths)%n",
                ms(jBuild), jHeap >> 20, ms(median(find)), ms(median(yesNo)), onCycles.size());
        System.out.printf("ratios: JGraphT findCycles / cutwatch detect = %.1fx; array Tarjan / cutwatch detect = %.2fx;"
                        + " array Tarjan / iterative Tarjan = %.2fx; JGraphT heap / CSR heap = %.0fx%n",
                median(find) / (double) median(detect), median(tarjan) / (double) median(detect),
                median(tarjan) / (double) median(sccOnly), jHeap / (double) Math.max(1, csrHeap));
    }

    static final class Input {
        int[] from;
        int[] to;
        int[] label;
        int plantedEdges;
        List<Set<Integer>> planted = new ArrayList<>();
        Set<Integer> plantedVertices = new HashSet<>();
    }

    static Input generate(int n, int m, int cycles, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] vertexAt = new int[n];
        for (int i = 0; i < n; i++) {
            vertexAt[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = vertexAt[i];
            vertexAt[i] = vertexAt[j];
            vertexAt[j] = t;
        }
        int[] block = new int[n];
        Arrays.fill(block, -1);
        Input in = new Input();
        List<int[]> cycleEdges = new ArrayList<>();
        int spacing = n / Math.max(1, cycles);
        for (int c = 0; c < cycles; c++) {
            int len = 2 + rnd.nextInt(9);
            int start = c * spacing + rnd.nextInt(Math.max(1, spacing - len));
            Set<Integer> members = new HashSet<>();
            for (int k = 0; k < len; k++) {
                block[start + k] = c;
                members.add(vertexAt[start + k]);
                cycleEdges.add(new int[] {vertexAt[start + k], vertexAt[start + (k + 1) % len]});
            }
            in.planted.add(members);
            in.plantedVertices.addAll(members);
        }
        in.plantedEdges = cycleEdges.size();
        in.from = new int[m];
        in.to = new int[m];
        in.label = new int[m];
        int e = 0;
        for (int[] ce : cycleEdges) {
            in.from[e] = ce[0];
            in.to[e] = ce[1];
            e++;
        }
        while (e < m) {
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n);
            if (a == b || (block[a] >= 0 && block[a] == block[b])) {
                continue;
            }
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            in.from[e] = vertexAt[lo];
            in.to[e] = vertexAt[hi];
            e++;
        }
        // shuffle edge order so the planted edges are not first
        for (int i = m - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = in.from[i];
            in.from[i] = in.from[j];
            in.from[j] = t;
            t = in.to[i];
            in.to[i] = in.to[j];
            in.to[j] = t;
        }
        return in;
    }

    private static void check(String who, List<Deadlock> found, Input in) {
        Set<Set<Integer>> got = new HashSet<>();
        for (Deadlock d : found) {
            Set<Integer> s = new HashSet<>();
            for (String v : d.members()) {
                s.add(Integer.parseInt(v.substring(1)));
            }
            if (d.cycle().size() != d.members().size()) {
                throw new IllegalStateException(who + ": cycle " + d.cycleText() + " does not cover its planted cycle");
            }
            got.add(s);
        }
        if (!got.equals(new HashSet<>(in.planted))) {
            throw new IllegalStateException(who + " found " + got.size() + " deadlocks, planted " + in.planted.size());
        }
    }

    /** The textbook recursive Tarjan on CSR arrays; counts components with more than one vertex. */
    static final class RecursiveTarjan {
        private final CsrDigraph g;
        private final int[] index;
        private final int[] low;
        private final boolean[] onStack;
        private final int[] stack;
        private int sp;
        private int counter;
        private int nontrivial;

        RecursiveTarjan(WaitForGraph wfg) {
            this.g = wfg.digraph();
            int n = g.vertexCount();
            index = new int[n];
            low = new int[n];
            onStack = new boolean[n];
            stack = new int[n];
            Arrays.fill(index, -1);
        }

        int nontrivialComponents() {
            for (int v = 0; v < g.vertexCount(); v++) {
                if (index[v] == -1) {
                    visit(v);
                }
            }
            return nontrivial;
        }

        private void visit(int v) {
            index[v] = low[v] = counter++;
            stack[sp++] = v;
            onStack[v] = true;
            for (int e = g.firstEdge(v), end = g.endEdge(v); e < end; e++) {
                int w = g.target(e);
                if (index[w] == -1) {
                    visit(w);
                    low[v] = Math.min(low[v], low[w]);
                } else if (onStack[w]) {
                    low[v] = Math.min(low[v], index[w]);
                }
            }
            if (low[v] == index[v]) {
                int size = 0;
                int w;
                do {
                    w = stack[--sp];
                    onStack[w] = false;
                    size++;
                } while (w != v);
                if (size > 1) {
                    nontrivial++;
                }
            }
        }
    }

    /** CPU time of the calling thread, ns. */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }

    private static long median(long[] xs) {
        long[] c = xs.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static long min(long[] xs) {
        return Arrays.stream(xs).min().orElse(0);
    }
}
