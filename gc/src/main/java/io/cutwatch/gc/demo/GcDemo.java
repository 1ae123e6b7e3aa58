package io.cutwatch.gc.demo;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.dashboard.DemoDashboard;
import io.cutwatch.gc.ExplainedGarbage;
import io.cutwatch.model.Topology;
import io.cutwatch.gc.CycleExplanation;
import io.cutwatch.gc.GarbageCycle;
import io.cutwatch.gc.GarbageDetector;
import io.cutwatch.gc.GarbageReport;
import io.cutwatch.gc.GraphSize;
import io.cutwatch.gc.ObjectIds;
import io.cutwatch.gc.ObjectRef;
import io.cutwatch.gc.ReclaimHook;
import io.cutwatch.gc.Retainer;
import io.cutwatch.gc.RetentionPath;
import io.cutwatch.gc.baseline.ReferenceCountingCollector;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStore;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.ObjectStoreApp;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * The gc demo: runs the sample object store on the simulator, takes a snapshot while it
 * mutates, prints the garbage report (distributed cycles included), runs the reference-counting
 * baseline ({@link ReferenceCountingCollector}) on the same snapshot and prints what it misses
 * and why, then the explanations of that snapshot, one documented call each
 * ({@link GarbageDetector#whyAlive} for a live object, preferably one only a message in transit
 * keeps alive; {@link GarbageDetector#largestRetainers}; {@link GarbageDetector#explainCycles}),
 * reclaims, lets the application finish and shows that a second run finds none of the reclaimed
 * objects.
 *
 * <p>Usage: {@code GcDemo [seed] [processes]} (defaults 7 and 4). Deterministic for a seed.
 * Exits with status 1 if a check fails (no distributed cycle found, reclaimed objects found
 * again, or the baseline's result not what the report predicts: it frees only garbage and misses
 * exactly what the distributed cycles retain).
 */
public final class GcDemo {
    /**
     * What the demo saw.
     *
     * @param first           the report on the snapshot taken while the application mutates
     * @param second          the report on the snapshot taken after it finished
     * @param reclaimed       objects handed to the processes to free after the first report
     * @param foundAgain      reclaimed objects found again by the second report or still held
     * @param freedByCounting what the reference-counting baseline frees on the first snapshot
     * @param explained       the explanations printed for the first snapshot
     */
    public record Result(GarbageReport first, GarbageReport second, long reclaimed, long foundAgain,
                         SortedSet<ObjectRef> freedByCounting, Explanations explained) {
        /** The first report's garbage that reference counting does not free. */
        public SortedSet<ObjectRef> missedByCounting() {
            return ReferenceCountingCollector.missed(first, freedByCounting);
        }

        /**
         * Whether the baseline did what the report predicts: everything it frees is garbage, and
         * what it misses is exactly what the distributed cycles retain (every cycle member among it).
         */
        public boolean countingAsPredicted() {
            return asPredicted(first, freedByCounting);
        }

        /** The demo's checks: a distributed cycle shown, nothing reclaimed found again, the baseline as predicted. */
        public boolean ok() {
            return !first.distributedCycles().isEmpty() && foundAgain == 0 && countingAsPredicted();
        }
    }

    /**
     * The explanations of one snapshot, as the demo printed them.
     *
     * @param snapshot      the snapshot explained
     * @param whyAlive      the retention path of the live object shown
     * @param onlyInTransit whether no local root reaches that object (only a message in transit keeps it alive)
     * @param largest       the largest retainers shown
     * @param cycles        the explanation of each distributed cycle
     */
    public record Explanations(GlobalSnapshot<HeapState> snapshot, RetentionPath whyAlive, boolean onlyInTransit,
                               List<Retainer> largest, List<CycleExplanation> cycles) {
        public Explanations {
            largest = List.copyOf(largest);
            cycles = List.copyOf(cycles);
        }
    }

    /** How many retainers the demo lists. */
    static final int RETAINERS = 3;

    private GcDemo() {
    }

    public static void main(String[] args) {
        DemoDashboard.Flags flags = DemoDashboard.parse(args);
        List<String> rest = flags.rest();
        long seed = rest.size() > 0 ? Long.parseLong(rest.get(0)) : 7L;
        int processes = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 4;
        Result r = run(seed, processes, System.out, flags);
        boolean ok = r.ok();
        System.out.println(ok ? "OK" : "FAILED: see above");
        if (!ok) {
            System.exit(1);
        }
    }

    public static Result run(long seed, int processes, PrintStream out) {
        return run(seed, processes, out, DemoDashboard.Flags.NONE);
    }

    /** Runs the demo; with {@code --dashboard} in {@code flags}, serves it live and keeps serving after the run. */
    public static Result run(long seed, int processes, PrintStream out, DemoDashboard.Flags flags) {
        if (processes < 2) {
            throw new IllegalArgumentException("the demo needs at least 2 processes, got " + processes);
        }
        Topology topology = Topology.complete(Topology.ids("p", processes));
        Simulation sim = new Simulation(seed);
        Cutwatch cw = Cutwatch.simulated(topology, sim);
        DemoDashboard dashboard = DemoDashboard.start(flags, cw, "Cutwatch gc demo", out);
        ObjectStoreApp app = ObjectStoreApp.start(cw, ObjectStoreApp.Options.defaults().withOperations(60));
        GarbageDetector<HeapState> detector = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());
        ReclaimHook hook = ReclaimHook.viaProcesses(cw, (ObjectStore s, ObjectIds garbage, Context ctx) -> s.free(garbage));

        out.printf("Cutwatch gc demo: a distributed object store on %s, seed %d (simulated network, virtual time)%n",
                topology.processes(), seed);
        sim.runFor(Duration.ofMillis(45));
        out.printf("%nt=%.1fms: snapshot from %s while the processes keep mutating and passing references%n",
                sim.nowMicros() / 1000.0, topology.process(0));
        GlobalSnapshot<HeapState> snap = sim.await(cw.snapshots().initiate(topology.process(0)));
        GarbageReport first = detector.detect(snap);
        dashboard.report("gc", "garbage", snap.id(), () -> new ExplainedGarbage(first, detector.explainCycles(snap)));
        print(out, first);
        SortedSet<ObjectRef> counted = ReferenceCountingCollector.of(HeapState.class, new ObjectStoreAdapter())
                .collect(snap);
        compare(out, first, counted);
        Explanations explained = explain(out, detector, snap, first);

        long reclaimed = first.reclaim(hook);
        out.printf("%nreclaim: each process frees its garbage (%d objects)%n", reclaimed);
        sim.runUntilQuiet();
        long stillHeld = 0;
        for (Map.Entry<String, ObjectIds> e : first.garbage().entrySet()) {
            ObjectStore s = app.stores().get(e.getKey());
            stillHeld += e.getValue().stream().filter(s::contains).count();
        }

        out.printf("%nthe application has finished; second snapshot from %s%n", topology.process(1));
        GlobalSnapshot<HeapState> snap2 = sim.await(cw.snapshots().initiate(topology.process(1)));
        GarbageReport second = detector.detect(snap2);
        dashboard.report("gc", "garbage", snap2.id(), () -> new ExplainedGarbage(second, detector.explainCycles(snap2)));
        print(out, second);
        long foundAgain = 0;
        for (Map.Entry<String, ObjectIds> e : first.garbage().entrySet()) {
            ObjectIds again = second.garbage(e.getKey());
            foundAgain += e.getValue().stream().filter(again::contains).count();
        }
        out.printf("%nsecond run: %d of the %d reclaimed objects found again (%d still held by their process);"
                        + " %d objects became garbage after the first snapshot%n",
                foundAgain, reclaimed, stillHeld, second.garbageCount() - foundAgain);
        dashboard.serveUntilStopped(out);
        return new Result(first, second, reclaimed, foundAgain + stillHeld, counted, explained);
    }

    /**
     * Prints the three explanations of {@code snap}: why a live object is alive (the first, by
     * process and id, that no local root reaches, if any: only a message in transit keeps it
     * alive; else the first live object), the largest retainers, and what each distributed cycle
     * retains and what closes it.
     */
    private static Explanations explain(PrintStream out, GarbageDetector<HeapState> detector,
                                        GlobalSnapshot<HeapState> snap, GarbageReport report) {
        Set<ObjectRef> fromLocalRoots = reachableFromLocalRoots(snap);
        ObjectRef shown = null;
        ObjectRef firstLive = null;
        for (String p : snap.processes()) {
            for (HeapState.HeapObject o : snap.state(p).heap()) {
                ObjectRef ref = new ObjectRef(p, o.id());
                if (report.isGarbage(ref)) {
                    continue;
                }
                if (firstLive == null) {
                    firstLive = ref;
                }
                if (shown == null && !fromLocalRoots.contains(ref)) {
                    shown = ref;
                }
            }
        }
        boolean onlyInTransit = shown != null;
        if (shown == null) {
            shown = firstLive;
        }
        out.printf("%nexplanations of the same snapshot, one call each:%n");
        RetentionPath path = shown == null ? null : detector.whyAlive(snap, shown).orElseThrow();
        if (path != null) {
            out.printf("  detector.whyAlive(snapshot, %s)%s:%n    %s%n", shown,
                    onlyInTransit ? ", an object no local root reaches: only a message in transit keeps it alive" : "",
                    path.describe());
        }
        List<Retainer> largest = detector.largestRetainers(snap, RETAINERS);
        out.printf("  detector.largestRetainers(snapshot, %d):%n", RETAINERS);
        for (Retainer r : largest) {
            out.printf("    %s retains %d object%s (%s)%n", r.object(), r.retained(), r.retained() == 1 ? "" : "s",
                    new java.util.TreeMap<>(r.perProcess()).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        List<CycleExplanation> cycles = detector.explainCycles(snap);
        out.printf("  detector.explainCycles(snapshot):%n");
        for (CycleExplanation e : cycles) {
            out.printf("    %s%n", e.describe());
        }
        return new Explanations(snap, path, onlyInTransit, largest, cycles);
    }

    /** The objects reachable from the processes' local roots alone, over the recorded states (messages ignored). */
    static Set<ObjectRef> reachableFromLocalRoots(GlobalSnapshot<HeapState> snap) {
        Set<ObjectRef> seen = new HashSet<>();
        ArrayDeque<ObjectRef> queue = new ArrayDeque<>();
        Map<String, Map<Long, List<ObjectRef>>> heaps = new java.util.HashMap<>();
        for (String p : snap.processes()) {
            heaps.put(p, snap.state(p).objects());
            for (long id : snap.state(p).roots()) {
                ObjectRef r = new ObjectRef(p, id);
                if (seen.add(r)) {
                    queue.add(r);
                }
            }
        }
        while (!queue.isEmpty()) {
            ObjectRef r = queue.poll();
            Map<Long, List<ObjectRef>> heap = heaps.get(r.process());
            List<ObjectRef> refs = heap == null ? null : heap.get(r.objectId());
            for (ObjectRef t : refs == null ? List.<ObjectRef>of() : refs) {
                if (seen.add(t)) {
                    queue.add(t);
                }
            }
        }
        return seen;
    }

    /** Everything {@code counted} frees is garbage, and it misses exactly what the cycles retain, members included. */
    private static boolean asPredicted(GarbageReport report, Set<ObjectRef> counted) {
        SortedSet<ObjectRef> missed = ReferenceCountingCollector.missed(report, counted);
        return counted.stream().allMatch(report::isGarbage) && missed.size() == report.retainedByCycles()
                && report.distributedCycles().stream().allMatch(c -> missed.containsAll(c.members()));
    }

    /** The baseline against the report, on the same snapshot: figures from {@code first} and {@code counted}. */
    private static void compare(PrintStream out, GarbageReport first, SortedSet<ObjectRef> counted) {
        SortedSet<ObjectRef> missed = ReferenceCountingCollector.missed(first, counted);
        long members = first.distributedCycles().stream().mapToLong(c -> c.size()).sum();
        long notGarbage = counted.stream().filter(o -> !first.isGarbage(o)).count();
        out.printf("%nbaseline on the same snapshot: reference counting with local tracing (Java RMI's distributed"
                + " GC)%n");
        out.printf("  frees %d of the %d garbage objects%s; misses %d:%n", counted.size() - notGarbage,
                first.garbageCount(),
                notGarbage == 0 ? " (and nothing live)" : ", and " + notGarbage + " LIVE objects",
                missed.size());
        ReferenceCountingCollector.byProcess(missed).forEach((p, ids) ->
                out.printf("  %-4s %3d  %s%n", p, ids.size(), ids));
        out.printf("  why: the %d missed are the %d members of the %d distributed cycles and %d %s they keep"
                        + " reachable."
                        + "%n  Each member is referenced by another member on another process, so its remote count"
                        + " never drops%n  to zero, and no process alone can tell that this reference comes from"
                        + " garbage.%n", missed.size(), members, first.distributedCycles().size(), missed.size() - members,
                missed.size() - members == 1 ? "object" : "objects");
        out.printf("  %s%n", asPredicted(first, counted)
                ? "check: missed = what the report says the cycles retain (" + first.retainedByCycles() + "); freed = the"
                + " other " + counted.size() + " garbage objects"
                : "check FAILED: the report says the cycles retain " + first.retainedByCycles() + " objects");
    }

    private static void print(PrintStream out, GarbageReport r) {
        GraphSize g = r.examined();
        out.printf("examined %d processes: %d objects, %d references (%d remote), %d local roots, %d references"
                        + " in messages in transit%n", g.processes(), g.objects(), g.references(), g.remoteReferences(),
                g.localRoots(), g.inTransitReferences());
        out.printf("garbage: %d objects%n", r.garbageCount());
        r.garbage().forEach((p, ids) -> out.printf("  %-4s %3d  %s%n", p, ids.size(), ids));
        out.printf("distributed cycles: %d (reference counting and leases never free these); with what they"
                + " reference they retain %d objects%n", r.distributedCycles().size(), r.retainedByCycles());
        int shown = 0;
        for (GarbageCycle c : r.distributedCycles()) {
            if (shown++ == 8) {
                out.printf("  ... %d more%n", r.distributedCycles().size() - 8);
                break;
            }
            out.printf("  over %s: %s%n", c.processes(), c.members());
        }
    }
}
