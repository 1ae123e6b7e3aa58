package io.cutwatch.deadlock.lockservice;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded random lock-service runs for the property tests. */
final class Workloads {
    private Workloads() {
    }

    /** One seeded run, set up and not yet run. */
    static final class Run {
        final long seed;
        final Random rnd;
        final Topology topology;
        final Simulation sim;
        final Cutwatch cw;
        final InFlight inFlight = new InFlight();
        final LockService service;
        final LiveOracle oracle;
        final List<String> txs = new ArrayList<>();
        int planned;

        Run(long seed, LockService.Options options) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.topology = Topology.complete(Topology.ids("p", 3 + rnd.nextInt(3)));
            this.sim = new Simulation(seed);
            this.cw = Cutwatch.simulated(topology, sim).onEvent(inFlight);
            this.service = LockService.start(cw, LockService.resources(topology, 1 + rnd.nextInt(2)), options);
            this.oracle = new LiveOracle(topology, service, inFlight);
        }

        /**
         * {@code n} transactions at random homes and start times (0..20 ms); each locks 2..3 random
         * resources in random order with work in between, and with probability {@code earlyRelease}
         * gives a held lock up before asking for the next (what makes polling see phantoms).
         */
        void randomTransactions(int n, double earlyRelease) {
            randomTransactions(n, earlyRelease, 0);
        }

        /**
         * As {@link #randomTransactions(int, double)}, each lock shared with probability
         * {@code shared} (no random draw for it when {@code shared} is 0, so those runs are unchanged).
         */
        void randomTransactions(int n, double earlyRelease, double shared) {
            List<String> resources = new ArrayList<>(service.ownerOf().keySet());
            planned += n;
            for (int i = 0; i < n; i++) {
                Collections.shuffle(resources, rnd);
                int k = Math.min(resources.size(), 2 + rnd.nextInt(2));
                List<TxStep> plan = new ArrayList<>();
                List<String> held = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    if (!held.isEmpty() && rnd.nextDouble() < earlyRelease) {
                        plan.add(TxStep.release(held.remove(0)));
                    }
                    plan.add(shared > 0 && rnd.nextDouble() < shared
                            ? TxStep.acquireShared(resources.get(j)) : TxStep.acquire(resources.get(j)));
                    held.add(resources.get(j));
                    plan.add(TxStep.work(Duration.ofMillis(1 + rnd.nextInt(5))));
                }
                String home = topology.process(rnd.nextInt(topology.size()));
                long at = rnd.nextInt(20_000);
                sim.schedule(Duration.ofNanos(at * 1_000), () -> txs.add(service.begin(home, plan)));
            }
        }

        /** Every planned transaction has begun and committed (live state: call between events). */
        boolean allCommitted() {
            return txs.size() == planned && service.unfinished().isEmpty();
        }
    }
}
