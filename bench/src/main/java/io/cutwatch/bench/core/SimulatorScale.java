package io.cutwatch.bench.core;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Simulator scale figures: one snapshot on a 200-process complete graph and on a 1,000-process
 * ring, each beside the same application run without a snapshot; the ratio compares simulator
 * events per second (marker handling vs application messages). Usage: java -cp bench/target/benchmarks.jar
 * io.cutwatch.bench.core.SimulatorScale
 */
public final class SimulatorScale {
    private SimulatorScale() {
    }

    public static void main(String[] args) {
        System.out.println("| topology | channels | markers | events (snapshot run) | wall ms | events/s | "
                + "events (app only) | wall ms | events/s | events/s ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int rep = 0; rep < 20; rep++) {
            boolean print = rep == 19; // JIT warm-up rounds first
            row("complete, 200 processes", Topology.complete(Topology.ids("p", 200)), print);
            row("ring, 1,000 processes", Topology.ring(Topology.ids("p", 1000)), print);
        }
    }

    private static void row(String name, Topology t, boolean print) {
        long[] with = run(t, true);
        long[] without = run(t, false);
        if (print) {
            double rateWith = with[0] / (with[1] / 1e9);
            double rateWithout = without[0] / (without[1] / 1e9);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f | %,.0f | %,d | %.1f | %,.0f | %.2f |%n",
                    name, t.channels().size(), with[2], with[0], with[1] / 1e6, rateWith, without[0],
                    without[1] / 1e6, rateWithout, rateWith / rateWithout);
        }
    }

    /** {events, wall nanos, markers}: every process sends 3 messages; optionally one snapshot. */
    private static long[] run(Topology t, boolean snapshot) {
        Simulation sim = new Simulation(7);
        Cutwatch cw = Cutwatch.simulated(t, sim);
        for (String id : t.processes()) {
            cw.process(id, new long[1]).capture(long[]::clone)
                    .onStart((s, ctx) -> {
                        List<String> ns = ctx.neighbours();
                        for (int i = 0; i < 3; i++) {
                            ctx.send(ns.get(ctx.random().nextInt(ns.size())), 1L);
                        }
                    })
                    .onMessage((s, from, p, ctx) -> s[0] += (Long) p)
                    .start();
        }
        long t0 = System.nanoTime();
        long markers = 0;
        if (snapshot) {
            GlobalSnapshot<long[]> s = sim.await(cw.snapshots().initiate(t.process(0), Duration.ofMinutes(10)));
            markers = sim.markersSent(s.id());
        }
        sim.runUntilQuiet();
        return new long[] {sim.eventsRun(), System.nanoTime() - t0, markers};
    }
}
