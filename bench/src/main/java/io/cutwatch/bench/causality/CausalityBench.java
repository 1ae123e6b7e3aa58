package io.cutwatch.bench.causality;

import io.cutwatch.causality.ConjunctivePredicate;
import io.cutwatch.causality.EventKind;
import io.cutwatch.causality.Lattice;
import io.cutwatch.causality.PredicateResult;
import io.cutwatch.causality.Predicates;
import io.cutwatch.causality.Trace;
import io.cutwatch.causality.TraceRecorder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark harness (a main class, not a test). Prints lattice enumeration throughput for a
 * 4-process trace with about 10^7 consistent states (both deduplication strategies and a
 * brute-force filter of all cuts, in the same run), the time of conjunctive possibly on 10
 * processes x 10,000 events, and the cost of a disabled recorder call.
 *
 * <p>Run after {@code mvn -o -q -pl detector-core test-compile}:
 * {@code java -Xmx64m -cp detector-core/target/classes:detector-core/target/test-classes
 * io.cutwatch.causality.bench.CausalityBench [repeats [lattice] [conjunctive] [recorder]]}
 */
public final class CausalityBench {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private CausalityBench() {
    }

    /** CPU time of this thread in ns (the machine may be shared: wall time alone is noisy). */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> sections = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("lattice", "conjunctive", "recorder");
        System.out.printf("java %s, %d cores visible, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (sections.contains("lattice")) {
            lattice(repeats);
        }
        if (sections.contains("conjunctive")) {
            conjunctive(repeats);
        }
        if (sections.contains("recorder")) {
            recorder();
        }
    }

    /**
     * 4 processes x perProcess events (102 by default); p_i sends to p_(i+1 mod 4) at event 10, 30 and 50, received 5
     * events later. Deterministic.
     */
    static Trace latticeTrace(int perProcess) {
        List<String> ids = List.of("a", "b", "c", "d");
        TraceRecorder r = TraceRecorder.create(ids);
        int[] sendAt = {10, 30, 50};
        // record in rounds so every send is recorded before its receive
        for (int k = 0; k < perProcess; k++) {
            for (int i = 0; i < 4; i++) {
                String me = ids.get(i);
                String prev = ids.get((i + 3) % 4);
                boolean sends = false;
                String recv = null;
                for (int s : sendAt) {
                    sends |= k == s;
                    if (k == s + 5) {
                        recv = prev + "->" + me + "#" + s;
                    }
                }
                if (sends) {
                    r.send(me, me + "->" + ids.get((i + 1) % 4) + "#" + k, null, null);
                } else if (recv != null) {
                    r.receive(me, recv, null);
                } else {
                    r.local(me, null);
                }
            }
        }
        return r.toTrace();
    }

    static void lattice(int repeats) {
        Trace t = latticeTrace(Integer.getInteger("bench.lattice.events", 102));
        System.out.println();
        System.out.println("== lattice enumeration: " + t);
        Lattice l = Lattice.of(t);
        Lattice.Stats s = l.stats();
        long pairBytes = 0;
        List<Long> per = s.statesPerLevel();
        for (int k = 0; k + 1 < per.size(); k++) {
            pairBytes = Math.max(pairBytes, (per.get(k) + per.get(k + 1)) * 4L * t.processCount());
        }
        System.out.printf("consistent states %,d, transitions %,d, levels %d, widest level %,d states (level %d)%n",
                s.states(), s.transitions(), per.size(), s.width(), s.widestLevel());
        System.out.printf("two widest adjacent levels hold %.1f MiB of cut data; the whole lattice would need %.1f MiB%n",
                pairBytes / 1048576.0, s.states() * 4.0 * t.processCount() / 1048576.0);
        double canonical = 0;
        double hashed = 0;
        double brute = 0;
        for (int rep = 0; rep < repeats; rep++) {
            canonical = Math.max(canonical, walk(l, Lattice.Strategy.CANONICAL_PARENT, s.states()));
            hashed = Math.max(hashed, walk(l, Lattice.Strategy.HASH_DEDUP, s.states()));
            brute = Math.max(brute, bruteForce(t, s.states()));
        }
        System.out.printf("CANONICAL_PARENT: %,.0f states per cpu second (best of %d)%n", canonical, repeats);
        System.out.printf("HASH_DEDUP:       %,.0f states per cpu second (best of %d)%n", hashed, repeats);
        System.out.printf("brute force (every cut of the product space, clock check): %,.0f consistent states per cpu"
                + " second%n", brute);
        System.out.printf("ratio CANONICAL_PARENT / HASH_DEDUP = %.1fx, CANONICAL_PARENT / brute force = %.1fx%n",
                canonical / hashed, canonical / brute);
    }

    /** Walks all levels reading every entry; returns states per second. */
    static double walk(Lattice l, Lattice.Strategy strategy, long expected) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        long states = 0;
        long checksum = 0;
        Iterator<Lattice.Level> it = l.levels(strategy);
        int n = l.trace().processCount();
        while (it.hasNext()) {
            Lattice.Level level = it.next();
            states += level.size();
            for (int s = 0; s < level.size(); s++) {
                checksum += level.get(s, n - 1);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (cpu() - c0) / 1e9;
        if (states != expected || checksum < 0) {
            throw new AssertionError(strategy + " found " + states + " states, expected " + expected);
        }
        System.out.printf("  %-16s %,d states in %.2f s wall, %.2f s cpu%n", strategy, states, secs, cpuSecs);
        return states / cpuSecs;
    }

    /** Every cut of the product space, kept when consistent (the definition, without the lattice). */
    static double bruteForce(Trace t, long expected) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        int n = t.processCount();
        int[] c = new int[n];
        long found = 0;
        long tried = 0;
        while (true) {
            tried++;
            if (consistentByClocks(t, c)) {
                found++;
            }
            int i = 0;
            while (i < n && c[i] == t.length(i)) {
                c[i++] = 0;
            }
            if (i == n) {
                break;
            }
            c[i]++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (cpu() - c0) / 1e9;
        if (found != expected) {
            throw new AssertionError("brute force found " + found + ", expected " + expected);
        }
        System.out.printf("  %-16s %,d of %,d cuts consistent in %.2f s wall, %.2f s cpu%n", "brute force", found,
                tried, secs, cpuSecs);
        return found / cpuSecs;
    }

    /** Cut consistency from the public clocks: the last event of each process needs nothing outside. */
    static boolean consistentByClocks(Trace t, int[] c) {
        int n = c.length;
        for (int i = 0; i < n; i++) {
            if (c[i] == 0) {
                continue;
            }
            io.cutwatch.clock.VectorClock v = t.event(i, c[i] - 1).clock();
            for (int j = 0; j < n; j++) {
                if (v.get(j) > c[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * n processes x per events: about a third sends, a third receives of pending messages (FIFO),
     * the rest local; variables x (random 0..9) and k (the event's 1-based number).
     */
    static Trace randomTrace(long seed, int n, int per) {
        Random r = new Random(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("p" + i);
        }
        TraceRecorder rec = TraceRecorder.create(ids);
        List<List<String>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(new ArrayList<>());
            rec.initial(ids.get(i), Map.of("x", 0, "k", 0));
        }
        int[] count = new int[n];
        int seq = 0;
        int remaining = n * per;
        while (remaining > 0) {
            int i = r.nextInt(n);
            if (count[i] == per) {
                continue;
            }
            count[i]++;
            remaining--;
            Map<String, Object> vars = Map.of("x", r.nextInt(10), "k", count[i]);
            int a = r.nextInt(3);
            List<String> mine = pending.get(i);
            if (a == 0 && !mine.isEmpty()) {
                rec.record(ids.get(i), EventKind.RECEIVE, mine.remove(0), null, vars);
            } else if (a == 1) {
                int to = (i + 1 + r.nextInt(n - 1)) % n;
                String id = ids.get(i) + "->" + ids.get(to) + "#" + (seq++);
                pending.get(to).add(id);
                rec.record(ids.get(i), EventKind.SEND, id, null, vars);
            } else {
                rec.record(ids.get(i), EventKind.LOCAL, null, null, vars);
            }
        }
        return rec.toTrace();
    }

    static void conjunctive(int repeats) {
        System.out.println();
        System.out.println("== conjunctive possibly (Garg-Waldecker), 10 processes x 10,000 events");
        for (int rep = 0; rep < repeats; rep++) {
            long b0 = System.nanoTime();
            long bc = cpu();
            Trace t = randomTrace(7 + rep, 10, 10_000);
            System.out.printf("run %d: recording + building the trace (checks, clock derivation), %,d events, %,d"
                            + " messages: %.0f ms wall, %.0f ms cpu%n", rep + 1, t.eventCount(), t.messages().size(),
                    (System.nanoTime() - b0) / 1e6, (cpu() - bc) / 1e6);
            ConjunctivePredicate.Builder sevens = ConjunctivePredicate.builder();
            ConjunctivePredicate.Builder nines = ConjunctivePredicate.builder();
            ConjunctivePredicate.Builder early = ConjunctivePredicate.builder();
            for (String p : t.processes()) {
                sevens.equals(p, "x", 7);
                nines.equals(p, "x", 9);
                if (p.equals("p0")) {
                    early.local(p, "p0.k<=5", v -> ((Number) v.get("k")).longValue() <= 5);
                } else {
                    early.local(p, p + ".x=9&k>=9000", v -> ((Number) v.get("x")).longValue() == 9
                            && ((Number) v.get("k")).longValue() >= 9000);
                }
            }
            time("x=7 everywhere (first query)", sevens.build(), t);
            time("x=9 everywhere", nines.build(), t);
            time("p0 early, others late", early.build(), t);
        }
        // comparison in the same run, on a trace small enough for the lattice
        Trace small = randomTrace(11, 3, 300);
        ConjunctivePredicate smallPred = ConjunctivePredicate.builder()
                .local("p0", "p0.k<=5", v -> ((Number) v.get("k")).longValue() <= 5)
                .equals("p1", "x", 3).local("p2", "p2.k>=250", v -> ((Number) v.get("k")).longValue() >= 250).build();
        smallPred.possibly(small);
        long g0 = cpu();
        PredicateResult fast = smallPred.possibly(small);
        long g1 = cpu();
        PredicateResult slow = Predicates.possibly(small, smallPred);
        long g2 = cpu();
        if (fast.holds() != slow.holds()) {
            throw new AssertionError("disagreement");
        }
        System.out.printf("same predicate (%s) on 3 x 300 events: Garg-Waldecker %.2f ms, lattice search over %,d"
                        + " states %.0f ms, ratio %.0fx (cpu time)%n", fast.holds(), (g1 - g0) / 1e6, slow.statesExplored(),
                (g2 - g1) / 1e6, (double) (g2 - g1) / (g1 - g0));
    }

    static ConjunctivePredicate nines(Trace t) {
        ConjunctivePredicate.Builder b = ConjunctivePredicate.builder();
        for (String p : t.processes()) {
            b.equals(p, "x", 9);
        }
        return b.build();
    }

    static void time(String what, ConjunctivePredicate p, Trace t) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        PredicateResult r = p.possibly(t);
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpuMs = (cpu() - c0) / 1e6;
        System.out.printf("  %-30s %-5s %7.1f ms wall %7.1f ms cpu  (%,d local states evaluated%s)%n", what,
                r.holds(), ms, cpuMs, r.statesExplored(),
                r.holds() ? ", least state rank " + r.state().cut().rank() : "");
    }

    static void recorder() {
        System.out.println();
        System.out.println("== recorder call cost");
        TraceRecorder off = TraceRecorder.disabled();
        Map<String, Object> vars = Map.of("x", 1);
        int calls = 50_000_000;
        for (int warm = 0; warm < 3; warm++) {
            long t0 = cpu();
            for (int k = 0; k < calls; k++) {
                off.record("p", EventKind.LOCAL, null, null, vars);
            }
            long t1 = cpu();
            if (warm == 2) {
                System.out.printf("disabled: %.2f ns cpu per record call (%,d calls; the JIT inlines the empty method)%n", (t1 - t0) / (double) calls, calls);
            }
        }
        TraceRecorder on = TraceRecorder.create(List.of("p"));
        int recorded = 200_000;
        long t0 = cpu();
        for (int k = 0; k < recorded; k++) {
            on.record("p", EventKind.LOCAL, null, null, vars);
        }
        long t1 = cpu();
        System.out.printf("enabled:  %.0f ns cpu per record call (%,d calls, each kept)%n", (t1 - t0) / (double) recorded, recorded);
    }
}
