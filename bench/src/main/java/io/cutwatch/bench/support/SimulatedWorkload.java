package io.cutwatch.bench.support;

import io.cutwatch.Cutwatch;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.InTransitDetector;
import io.cutwatch.model.Topology;
import io.cutwatch.process.Context;
import io.cutwatch.sim.Simulation;

import java.time.Duration;
import java.util.List;

/**
 * The application the overhead benchmarks measure, on the simulator: every process of a topology
 * sends 1 to a random neighbour every {@code gap} of virtual time until a virtual deadline, and a
 * detection job ({@code watch}, the {@code in-transit} detector) takes a snapshot every
 * {@code snapshotEvery}. Built, not started: the caller binds what it measures to {@link #cw} and
 * {@link #jobs}, then {@link #startJob()} and runs {@link #sim}.
 */
public final class SimulatedWorkload {
    /** The simulator, to run. */
    public final Simulation sim;
    /** The Cutwatch of the workload. */
    public final Cutwatch cw;
    /** The detection jobs, with the job {@code watch} defined. */
    public final DetectionJobs jobs;
    private final long[] delivered = new long[1];

    private SimulatedWorkload(Topology topology, Duration run, Duration gap, Duration snapshotEvery) {
        sim = new Simulation(17);
        cw = Cutwatch.simulated(topology, sim);
        long until = run.toNanos() / 1_000;
        for (String id : topology.processes()) {
            cw.process(id, new long[1]).capture(long[]::clone)
                    .onStart((s, ctx) -> tick(ctx, gap, until))
                    .onMessage((s, from, p, ctx) -> {
                        s[0] += (Long) p;
                        delivered[0]++;
                    })
                    .start();
        }
        jobs = DetectionJobs.on(cw);
        jobs.define("watch").detectors(new InTransitDetector()).every(snapshotEvery)
                .snapshotTimeout(Duration.ofSeconds(1)).build();
    }

    /** The workload on {@code topology}, sending until {@code run} of virtual time has passed. */
    public static SimulatedWorkload build(Topology topology, Duration run, Duration gap, Duration snapshotEvery) {
        return new SimulatedWorkload(topology, run, gap, snapshotEvery);
    }

    /** Starts the snapshot job. */
    public void startJob() {
        jobs.job("watch").start();
    }

    /** Messages handled so far. */
    public long delivered() {
        return delivered[0];
    }

    private void tick(Context ctx, Duration gap, long untilMicros) {
        if (sim.nowMicros() >= untilMicros) {
            return;
        }
        List<String> ns = ctx.neighbours();
        ctx.send(ns.get(ctx.random().nextInt(ns.size())), 1L);
        ctx.schedule(gap, () -> tick(ctx, gap, untilMicros));
    }
}
