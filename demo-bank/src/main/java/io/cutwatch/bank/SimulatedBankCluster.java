package io.cutwatch.bank;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;

import java.time.Duration;
import java.util.List;

/** All branches on the deterministic simulator: one seed, one run, on virtual time. */
public final class SimulatedBankCluster implements BankCluster {
    private final Simulation sim;
    private final Cutwatch cutwatch;

    public SimulatedBankCluster(Topology topology, long seed) {
        this.sim = new Simulation(seed);
        this.cutwatch = Cutwatch.simulated(topology, sim);
    }

    public Simulation simulation() {
        return sim;
    }

    @Override
    public List<Cutwatch> members() {
        return List.of(cutwatch);
    }

    @Override
    public long nowMicros() {
        return sim.nowMicros();
    }

    @Override
    public void advance(long millis) {
        sim.runFor(Duration.ofMillis(millis));
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public void close() {
        cutwatch.close();
    }
}
