package io.cutwatch.causality;

import io.cutwatch.clock.VectorClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bank: accounts transfer money over FIFO channels. Money is conserved only when the amounts in
 * transit are counted, so the naive invariant fails in some consistent state.
 */
class BankTraceTest {
    static final long INITIAL = 100;

    /** Simulates random transfers, keeping vector clocks the way the runtime does, and records them. */
    static Trace bank(long seed, int accounts, int steps) {
        Random r = new Random(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add("acct" + i);
        }
        TraceRecorder rec = TraceRecorder.create(ids);
        VectorClock[] clock = new VectorClock[accounts];
        long[] balance = new long[accounts];
        record Transfer(String id, long amount, VectorClock clock) {
        }
        List<List<ArrayDeque<Transfer>>> channel = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            clock[i] = VectorClock.zero(accounts);
            balance[i] = INITIAL;
            rec.initial(ids.get(i), Map.of("balance", INITIAL));
            channel.add(new ArrayList<>());
            for (int j = 0; j < accounts; j++) {
                channel.get(i).add(new ArrayDeque<>());
            }
        }
        int seq = 0;
        for (int s = 0; s < steps; s++) {
            int i = r.nextInt(accounts);
            List<Integer> inbound = new ArrayList<>();
            for (int j = 0; j < accounts; j++) {
                if (!channel.get(j).get(i).isEmpty()) {
                    inbound.add(j);
                }
            }
            int action = r.nextInt(5);
            if (action < 2 && !inbound.isEmpty()) {
                Transfer t = channel.get(inbound.get(r.nextInt(inbound.size()))).get(i).poll();
                clock[i] = clock[i].merge(t.clock()).tick(i);
                balance[i] += t.amount();
                rec.record(ids.get(i), EventKind.RECEIVE, t.id(), clock[i], Map.of("balance", balance[i]));
            } else if (action < 4 && balance[i] > 0) {
                int j = (i + 1 + r.nextInt(accounts - 1)) % accounts;
                long amount = 1 + r.nextInt((int) Math.min(balance[i], 40));
                clock[i] = clock[i].tick(i);
                balance[i] -= amount;
                String id = ids.get(i) + "->" + ids.get(j) + "#" + (seq++);
                channel.get(i).get(j).add(new Transfer(id, amount, clock[i]));
                rec.record(ids.get(i), EventKind.SEND, id, clock[i], Map.of("balance", balance[i]), amount);
            } else {
                clock[i] = clock[i].tick(i);
                rec.record(ids.get(i), EventKind.LOCAL, null, clock[i], Map.of("balance", balance[i], "audit", s));
            }
        }
        return rec.toTrace();
    }

    static long balances(GlobalState g) {
        long sum = 0;
        for (String p : g.trace().processes()) {
            sum += g.getLong(p, "balance");
        }
        return sum;
    }

    static long inTransit(GlobalState g) {
        return g.inTransit().stream().mapToLong(m -> ((Number) m.payload()).longValue()).sum();
    }

    @Test
    void moneyIsConservedWhenChannelsAreCountedAndNotOtherwise() {
        int naiveFailures = 0;
        for (long seed = 1; seed <= 25; seed++) {
            Trace t = bank(seed, 3, 16);
            long total = INITIAL * t.processCount();
            GlobalPredicate conserved = GlobalPredicate.named("balances + in transit == " + total,
                    g -> balances(g) + inTransit(g) == total);
            GlobalPredicate naive = GlobalPredicate.named("balances == " + total, g -> balances(g) == total);

            PredicateResult ok = Predicates.invariant(t, conserved);
            assertTrue(ok.holds(), "seed " + seed + ": " + ok);
            assertEquals(Lattice.of(t).stats().states(), ok.statesExplored(), "seed " + seed + ": every state checked");

            PredicateResult broken = Predicates.invariant(t, naive);
            boolean anySend = t.messages().size() > 0;
            assertEquals(!anySend, broken.holds(), "seed " + seed + ": " + broken);
            if (!broken.holds()) {
                naiveFailures++;
                GlobalState w = broken.state();
                assertFalse(w.inTransit().isEmpty(), "seed " + seed + ": witness " + w);
                assertNotEquals(total, balances(w), "seed " + seed + ": witness " + w);
                assertEquals(total, balances(w) + inTransit(w), "seed " + seed + ": witness " + w);
                assertTrue(broken.explanation().startsWith("invariant(balances == " + total + ") fails: state "),
                        broken.explanation());
                assertTrue(Orders.checkLinearization(t, extend(t, broken.path())).isLinearization(),
                        "seed " + seed + ": witness path " + broken.pathText());
            }
            assertFalse(Predicates.possibly(t, g -> {
                for (String p : t.processes()) {
                    if (g.getLong(p, "balance") < 0) {
                        return true;
                    }
                }
                return false;
            }).holds(), "seed " + seed + ": no account goes negative");
        }
        assertTrue(naiveFailures >= 20, "the naive invariant should fail on most traces, failed on " + naiveFailures);
    }

    @Test
    void theInvariantSurvivesAJsonRoundTripAndFourAccounts() {
        Trace t = bank(42, 4, 22);
        Trace back = TraceJson.parse(TraceJson.toJsonLines(t));
        assertEquals(t, back);
        long total = INITIAL * 4;
        assertTrue(Predicates.invariant(back, g -> balances(g) + inTransit(g) == total).holds());
        PredicateResult naive = Predicates.invariant(back, g -> balances(g) == total);
        assertFalse(naive.holds());
        // the top state of this run still has transfers in flight or not; either way the final balances add up
        GlobalState end = GlobalState.of(back, back.top());
        assertEquals(total, balances(end) + inTransit(end));
    }

    /** Completes a prefix with any linearization of the rest (the lattice path to the top). */
    private static List<TraceEvent> extend(Trace t, List<TraceEvent> prefix) {
        int[] c = new int[t.processCount()];
        for (TraceEvent e : prefix) {
            c[e.process()]++;
        }
        List<TraceEvent> out = new ArrayList<>(prefix);
        out.addAll(Lattice.of(t).path(Cut.of(c), t.top()).orElseThrow());
        return out;
    }
}
