package io.cutwatch.bench.metrics;

import io.cutwatch.Cutwatch;
import io.cutwatch.bench.support.PairedStats;
import io.cutwatch.bench.support.SimulatedWorkload;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.model.Topology;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of bound meters: the same application on the simulator (8 processes, each sending a
 * message every virtual millisecond for 20 virtual seconds) with a detection job taking 10
 * snapshots per virtual second, run with the metrics unbound and bound to a Prometheus registry
 * (snapshot and job meters), alternating in the same JVM. Application throughput is messages
 * delivered per CPU second of the thread running the simulator (everything runs on it, and CPU
 * time holds up on a loaded machine where wall time does not); prints the medians over the
 * measured rounds and the median of the per-pair ratios.
 * Usage: java -cp bench/target/benchmarks.jar io.cutwatch.bench.metrics.MetricsOverhead [rounds]
 */
public final class MetricsOverhead {
    private static final Topology TOPOLOGY = Topology.complete(Topology.ids("p", 8));
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Duration SNAPSHOT_EVERY = Duration.ofMillis(100);
    /** Each process sends a message every virtual millisecond. */
    private static final Duration GAP = Duration.ofMillis(1);

    private MetricsOverhead() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int warmup = 10;
        List<Double> unbound = new ArrayList<>();
        List<Double> bound = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        long snapshots = 0;
        long messages = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            // Alternate which variant runs first, so neither always follows the other's garbage.
            double[] a;
            double[] b;
            if (r % 2 == 0) {
                a = run(false);
                b = run(true);
            } else {
                b = run(true);
                a = run(false);
            }
            if (r >= warmup) {
                unbound.add(a[0]);
                bound.add(b[0]);
                ratios.add(b[0] / a[0]);
                messages = (long) a[1];
                snapshots = (long) b[2];
            }
        }
        System.out.println("| run | messages | snapshots | unbound msg/CPU-s (median) | bound msg/CPU-s (median) "
                + "| bound/unbound (median of pairs) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| 8 processes, 20 virtual s, 10 snapshots/s, %d rounds | %,d | %d | %,.0f | %,.0f "
                + "| %.3f |%n", rounds, messages, snapshots, PairedStats.median(unbound), PairedStats.median(bound),
                PairedStats.median(ratios));
    }

    /** {messages delivered per CPU second of the simulator's thread, messages delivered, snapshots counted by the meters}. */
    private static double[] run(boolean withMetrics) {
        SimulatedWorkload w = SimulatedWorkload.build(TOPOLOGY, RUN, GAP, SNAPSHOT_EVERY);
        Cutwatch cw = w.cw;
        DetectionJobs jobs = w.jobs;
        PrometheusMeterRegistry registry = null;
        CutwatchMetrics metrics = null;
        if (withMetrics) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics = CutwatchMetrics.bind(registry, cw);
            metrics.bindJobs(jobs);
        }
        w.startJob();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = threads.getCurrentThreadCpuTime();
        w.sim.runFor(RUN);
        long cpu = threads.getCurrentThreadCpuTime() - t0;
        jobs.close();
        double snapshots = 0;
        if (metrics != null) {
            snapshots = registry.get("cutwatch.snapshots.completed").counter().count();
            metrics.close();
        }
        return new double[] {w.delivered() / (cpu / 1e9), w.delivered(), snapshots};
    }
}
