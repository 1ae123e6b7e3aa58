package io.cutwatch.dashboard;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.sim.TokenApp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token application on the simulator, run live for the dashboard's tests: one driver thread
 * advances virtual time in small steps paced by the wall clock and initiates a snapshot every
 * {@code every} steps, so the dashboard (on its own threads) sees snapshots arrive over seconds.
 * Only the driver thread touches the simulator.
 */
final class LiveSimulation implements AutoCloseable {
    final Cutwatch cw;
    private final Simulation sim;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean snapshotting = new AtomicBoolean(true);
    private final AtomicLong taken = new AtomicLong();
    private final Thread driver;

    LiveSimulation(long seed, int processes, int every, long stepMillis) {
        Topology topology = Topology.complete(Topology.ids("p", processes));
        sim = new Simulation(seed);
        cw = Cutwatch.simulated(topology, sim);
        TokenApp.start(cw, 1_000, Integer.MAX_VALUE, Duration.ofMillis(2));
        driver = new Thread(() -> {
            long step = 0;
            while (running.get()) {
                sim.runFor(Duration.ofMillis(5));
                if (snapshotting.get() && ++step % every == 0) {
                    cw.snapshots().initiate(topology.process((int) (step / every) % processes))
                            .thenRun(taken::incrementAndGet);
                }
                try {
                    Thread.sleep(stepMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-simulation");
        driver.setDaemon(true);
    }

    LiveSimulation start() {
        driver.start();
        return this;
    }

    /** Snapshots completed so far. */
    long taken() {
        return taken.get();
    }

    /** Stops initiating snapshots (the application runs on). */
    void stopSnapshots() {
        snapshotting.set(false);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        driver.interrupt();
        driver.join(5_000);
    }
}
