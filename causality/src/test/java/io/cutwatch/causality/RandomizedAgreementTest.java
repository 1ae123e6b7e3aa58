package io.cutwatch.causality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random small traces against brute-force oracles. Every assertion message carries the seed; rerun
 * a failure with {@code Fixtures.random(seed, n, events)}.
 */
class RandomizedAgreementTest {
    private static final long BASE_SEED = 0xC0FFEEL;
    private static final int TRACES = 150;

    private interface Check {
        void run(long seed, Trace t, BruteForce bf);
    }

    private void forRandomTraces(int maxEvents, Check check) {
        for (int k = 0; k < TRACES; k++) {
            long seed = BASE_SEED + k;
            Random r = new Random(seed);
            int n = 1 + r.nextInt(4);
            int events = r.nextInt(maxEvents + 1);
            Trace t = Fixtures.random(seed, n, events);
            try {
                check.run(seed, t, new BruteForce(t));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (n=" + n + ", events=" + events + "): " + e.getMessage(), e);
            }
        }
    }

    @Test
    void happenedBeforeMatchesTheClosure() {
        forRandomTraces(14, (seed, t, bf) -> {
            for (TraceEvent a : bf.all) {
                for (TraceEvent b : bf.all) {
                    assertEquals(bf.happenedBefore(a, b), t.happenedBefore(a, b), "seed " + seed + ": " + a + " -> " + b);
                    assertEquals(!a.equals(b) && !bf.happenedBefore(a, b) && !bf.happenedBefore(b, a),
                            t.concurrent(a, b), "seed " + seed + ": " + a + " || " + b);
                }
            }
        });
    }

    @Test
    void lazyLatticeEqualsAllCutsFilteredByConsistency() {
        forRandomTraces(12, (seed, t, bf) -> {
            List<TreeSet<Cut>> expected = bf.consistentCutsByRank();
            for (Lattice.Strategy strategy : Lattice.Strategy.values()) {
                Iterator<Lattice.Level> it = Lattice.of(t).levels(strategy);
                int rank = 0;
                while (it.hasNext()) {
                    Lattice.Level level = it.next();
                    assertEquals(rank, level.rank(), "seed " + seed);
                    List<Cut> cuts = level.cuts();
                    assertEquals(cuts.size(), new HashSet<>(cuts).size(), "seed " + seed + " " + strategy
                            + ": duplicates in level " + rank + ": " + cuts);
                    assertEquals(expected.get(rank), new TreeSet<>(cuts), "seed " + seed + " " + strategy
                            + ": level " + rank);
                    rank++;
                }
                assertEquals(t.eventCount() + 1, rank, "seed " + seed + ": number of levels");
            }
            long total = expected.stream().mapToLong(Set::size).sum();
            assertEquals(total, Lattice.of(t).stats().states(), "seed " + seed);
            assertEquals(total, Lattice.of(t).stats(Long.MAX_VALUE, Lattice.Strategy.HASH_DEDUP).states(), "seed " + seed);
        });
    }

    @Test
    void consistencyCheckMatchesTheClosureAndNamesARealBreakingPair() {
        forRandomTraces(12, (seed, t, bf) -> {
            int n = t.processCount();
            int[] c = new int[n];
            while (true) {
                CutCheck check = Causality.isConsistent(t, Cut.of(c));
                assertEquals(bf.consistent(c), check.consistent(), "seed " + seed + ": " + Cut.of(c));
                if (!check.consistent()) {
                    assertEquals(check.send().messageId(), check.receive().messageId(), "seed " + seed);
                    assertEquals(EventKind.SEND, check.send().kind(), "seed " + seed);
                    assertFalse(bf.inCut(c, check.send()), "seed " + seed + ": " + check);
                    assertTrue(bf.inCut(c, check.receive()), "seed " + seed + ": " + check);
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
        });
    }

    @Test
    void linearizationsAreExactlyTheLatticePathsAndOrdersAreClassified() {
        forRandomTraces(10, (seed, t, bf) -> {
            List<List<TraceEvent>> lins = new ArrayList<>();
            bf.forEachLinearization(lins::add);
            assertEquals(lins.size(), countPaths(t), "seed " + seed + ": linearizations vs lattice paths");
            for (List<TraceEvent> lin : lins) {
                OrderCheck c = Orders.checkLinearization(t, lin);
                assertTrue(c.isLinearization(), "seed " + seed + ": " + lin + " " + c);
            }
            Set<List<TraceEvent>> linSet = new HashSet<>(lins);
            Random r = new Random(seed);
            for (int k = 0; k < 30; k++) {
                List<TraceEvent> order = new ArrayList<>(bf.all);
                Collections.shuffle(order, r);
                OrderCheck c = Orders.checkLinearization(t, order);
                boolean run = isRun(t, order);
                assertEquals(run, c.isRun(), "seed " + seed + ": " + order + " " + c);
                assertEquals(linSet.contains(order), c.isLinearization(), "seed " + seed + ": " + order + " " + c);
                if (!c.isLinearization()) {
                    // the named pair really is out of order
                    assertNotNull(c.first(), "seed " + seed);
                    assertTrue(bf.happenedBefore(c.first(), c.second()), "seed " + seed + ": " + c);
                    assertTrue(order.indexOf(c.second()) < order.indexOf(c.first()), "seed " + seed + ": " + c);
                    assertEquals(order.indexOf(c.second()), c.position(), "seed " + seed + ": " + c);
                }
            }
        });
    }

    private static boolean isRun(Trace t, List<TraceEvent> order) {
        int[] next = new int[t.processCount()];
        for (TraceEvent e : order) {
            if (e.index() != next[e.process()]++) {
                return false;
            }
        }
        return true;
    }

    /** Number of bottom-to-top paths, by dynamic programming over the lazy levels. */
    private static long countPaths(Trace t) {
        Lattice l = Lattice.of(t);
        Map<Cut, Long> ways = new HashMap<>();
        ways.put(t.bottom(), 1L);
        Iterator<Lattice.Level> it = l.levels();
        long top = 0;
        while (it.hasNext()) {
            Lattice.Level level = it.next();
            Map<Cut, Long> next = new HashMap<>();
            for (Cut c : level.cuts()) {
                long w = ways.getOrDefault(c, 0L);
                top = w;
                for (Cut d : l.successors(c)) {
                    next.merge(d, w, Long::sum);
                }
            }
            ways = next;
        }
        return top;
    }

    @Test
    void modalitiesAgreeWithAllLinearizations() {
        forRandomTraces(9, (seed, t, bf) -> {
            Random r = new Random(seed * 31);
            for (int k = 0; k < 6; k++) {
                // an arbitrary predicate: a random set of cuts, denser in later rounds
                double density = (k + 1) / 7.0;
                Map<Cut, Boolean> table = new HashMap<>();
                long salt = r.nextLong();
                GlobalPredicate p = g -> table.computeIfAbsent(g.cut(),
                        c -> new Random(salt ^ c.hashCode()).nextDouble() < density);
                check(seed, t, bf, p, c -> p.test(GlobalState.of(t, c)));
            }
            // a predicate over variables and channels
            GlobalPredicate vars = g -> {
                long sum = 0;
                for (int i = 0; i < t.processCount(); i++) {
                    sum += ((Number) g.variables(i).get("x")).longValue();
                }
                return sum % 3 == 0 || g.inTransit().size() > 1;
            };
            check(seed, t, bf, vars, c -> vars.test(GlobalState.of(t, c)));
        });
    }

    private static void check(long seed, Trace t, BruteForce bf, GlobalPredicate p,
                              java.util.function.Predicate<Cut> oracle) {
        boolean[] expected = bf.modalities(oracle);
        PredicateResult possibly = Predicates.possibly(t, p);
        PredicateResult definitely = Predicates.definitely(t, p);
        PredicateResult invariant = Predicates.invariant(t, p);
        assertEquals(expected[0], possibly.holds(), "seed " + seed + ": possibly");
        assertEquals(expected[1], definitely.holds(), "seed " + seed + ": definitely");
        assertEquals(expected[2], invariant.holds(), "seed " + seed + ": invariant");
        if (possibly.holds()) {
            assertTrue(p.test(possibly.state()), "seed " + seed + ": possibly witness " + possibly);
            assertLeadsTo(seed, t, possibly.path(), possibly.state().cut());
        }
        if (!invariant.holds()) {
            assertFalse(p.test(invariant.state()), "seed " + seed + ": invariant witness " + invariant);
            assertLeadsTo(seed, t, invariant.path(), invariant.state().cut());
        }
        if (!definitely.holds()) {
            assertTrue(Orders.checkLinearization(t, definitely.path()).isLinearization(),
                    "seed " + seed + ": definitely witness " + definitely);
            for (Cut c : bf.states(definitely.path())) {
                assertFalse(oracle.test(c), "seed " + seed + ": definitely witness passes " + c);
            }
        }
    }

    private static void assertLeadsTo(long seed, Trace t, List<TraceEvent> path, Cut target) {
        int[] c = new int[t.processCount()];
        for (TraceEvent e : path) {
            assertEquals(c[e.process()], e.index(), "seed " + seed + ": path " + path + " skips an event");
            c[e.process()]++;
            assertTrue(Causality.isConsistent(t, Cut.of(c)).consistent(), "seed " + seed + ": path " + path
                    + " passes inconsistent " + Cut.of(c));
        }
        assertEquals(target, Cut.of(c), "seed " + seed + ": path " + path);
    }

    @Test
    void conjunctiveDetectionAgreesWithLatticeSearch() {
        int found = 0;
        for (int k = 0; k < 400; k++) {
            long seed = BASE_SEED * 7 + k;
            Random r = new Random(seed);
            int n = 1 + r.nextInt(5);
            Trace t = Fixtures.random(seed, n, r.nextInt(16));
            ConjunctivePredicate.Builder b = ConjunctivePredicate.builder();
            for (int i = 0; i < n; i++) {
                if (r.nextInt(4) > 0) {
                    long v = r.nextInt(3);
                    b.equals(t.processes().get(i), "x", v);
                }
            }
            ConjunctivePredicate conj = b.build();
            PredicateResult fast = conj.possibly(t);
            PredicateResult lattice = Predicates.possibly(t, conj);
            assertEquals(lattice.holds(), fast.holds(), "seed " + seed + ": " + conj + " on " + t);
            if (fast.holds()) {
                found++;
                // the least satisfying state is unique, so both searches find the same one
                assertEquals(lattice.state().cut(), fast.state().cut(), "seed " + seed + ": " + conj);
                assertTrue(conj.test(fast.state()), "seed " + seed);
                assertLeadsTo(seed, t, fast.path(), fast.state().cut());
            }
        }
        assertTrue(found > 50 && found < 350, "both outcomes are exercised, found " + found + " of 400");
    }

    @Test
    void jsonLinesRoundTripIsLossless() {
        forRandomTraces(20, (seed, t, bf) -> {
            String text = TraceJson.toJsonLines(t);
            Trace back = TraceJson.parse(text);
            assertEquals(t, back, "seed " + seed + ":\n" + text);
            assertEquals(text, TraceJson.toJsonLines(back), "seed " + seed);
        });
    }

    @Test
    void recordedClocksOfAnyInterleavingAreVerified() {
        forRandomTraces(20, (seed, t, bf) -> {
            // feed the events back with their clocks, in a shuffled interleaving of the processes
            List<TraceEvent> events = new ArrayList<>();
            List<Iterator<TraceEvent>> per = new ArrayList<>();
            for (int i = 0; i < t.processCount(); i++) {
                per.add(t.events(i).iterator());
            }
            Random r = new Random(seed);
            while (events.size() < t.eventCount()) {
                Iterator<TraceEvent> it = per.get(r.nextInt(per.size()));
                if (it.hasNext()) {
                    events.add(it.next());
                }
            }
            Map<String, Map<String, Object>> init = new HashMap<>();
            for (int i = 0; i < t.processCount(); i++) {
                init.put(t.processes().get(i), t.initialVariables(i));
            }
            assertEquals(t, Trace.of(t.processes(), init, events), "seed " + seed);
            if (t.eventCount() > 0) {
                // a wrong clock is caught
                TraceEvent e = events.get(r.nextInt(events.size()));
                TraceEvent wrong = new TraceEvent(e.processId(), e.process(), e.index(), e.kind(), e.messageId(),
                        e.clock().tick(e.process()), e.variables(), e.payload());
                List<TraceEvent> bad = new ArrayList<>(events);
                bad.set(events.indexOf(e), wrong);
                try {
                    Trace.of(t.processes(), init, bad);
                    fail("seed " + seed + ": wrong clock of " + e + " accepted");
                } catch (IllegalArgumentException ex) {
                    assertTrue(ex.getMessage().startsWith("event " + e.name() + " was recorded with clock"),
                            "seed " + seed + ": " + ex.getMessage());
                }
            }
        });
    }
}
