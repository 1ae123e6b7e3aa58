package io.cutwatch.sim;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of seeded random executions: random topology (2..8 processes; complete, ring or a
 * ring with random chords), random transfers, 1..4 concurrent snapshots from random initiators at
 * random times. Every snapshot is compared with the execution that really happened.
 */
class SnapshotPropertyTest {
    static final int SEEDS = Integer.getInteger("cutwatch.seeds", 2_000);
    static final long TOKENS = 1_000;

    @Test
    void everySnapshotIsTheConsistentCutItClaims() {
        long snapshots = 0;
        long inTransit = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                long[] r = runOne(seed);
                snapshots += r[0];
                inTransit += r[1];
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + " (rerun with -Dcutwatch.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
        // The checks are only meaningful if snapshots really caught messages in transit.
        assertTrue(inTransit > snapshots, "too few messages in transit: " + inTransit + " over " + snapshots);
        System.out.printf("%d seeded executions, %d snapshots verified, %d messages in transit recorded%n",
                SEEDS, snapshots, inTransit);
    }

    @Test
    void oneSeedFromTheCommandLine() {
        long seed = Long.getLong("cutwatch.seed", 42L);
        long[] r = runOne(seed);
        assertTrue(r[0] >= 1, "seed " + seed);
    }

    /** Returns {snapshots verified, messages in transit recorded}. */
    static long[] runOne(long seed) {
        Random rnd = new Random(seed);
        Topology topology = RandomTopology.of(rnd);
        Simulation sim = new Simulation(seed);
        ExecutionLog log = new ExecutionLog(topology);
        Cutwatch cw = Cutwatch.simulated(topology, sim).onEvent(log);
        TokenApp.start(cw, TOKENS, 5 + rnd.nextInt(30), Duration.ofMillis(1 + rnd.nextInt(4)));

        int k = 1 + rnd.nextInt(4);
        List<CompletableFuture<GlobalSnapshot<TokenApp.TokenState>>> futures = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            String initiator = topology.process(rnd.nextInt(topology.size()));
            sim.schedule(Duration.ofNanos(rnd.nextInt(60_000) * 1_000L),
                    () -> futures.add(cw.snapshots().initiate(initiator)));
        }
        sim.runUntilQuiet();

        assertEquals(k, futures.size());
        long inTransit = 0;
        for (CompletableFuture<GlobalSnapshot<TokenApp.TokenState>> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "snapshot did not terminate cleanly: " + f);
            GlobalSnapshot<TokenApp.TokenState> s = f.join();
            List<String> problems = log.verify(s, (p, events) -> TokenApp.replay(TOKENS, events));
            assertEquals(List.of(), problems, "snapshot " + s.id() + " on " + topology);
            long total = 0;
            for (TokenApp.TokenState st : s.states().values()) {
                total += st.tokens();
            }
            for (List<Object> msgs : s.channels().values()) {
                for (Object m : msgs) {
                    total += ((TokenApp.Transfer) m).amount();
                }
            }
            assertEquals(TOKENS * topology.size(), total, "tokens not conserved in snapshot " + s.id());
            assertEquals(topology.channels().size(), sim.markersSent(s.id()),
                    "markers sent for snapshot " + s.id() + " on " + topology);
            inTransit += s.inTransitCount();
        }
        return new long[] {k, inTransit};
    }
}
