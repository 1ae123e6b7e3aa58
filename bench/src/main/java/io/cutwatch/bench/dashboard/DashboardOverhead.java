package io.cutwatch.bench.dashboard;

import io.cutwatch.Cutwatch;
import io.cutwatch.bench.support.PairedStats;
import io.cutwatch.bench.support.SimulatedWorkload;
import io.cutwatch.dashboard.CutwatchDashboard;
import io.cutwatch.dashboard.DashboardOptions;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.model.Topology;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cost of an open dashboard: the same application on the simulator (8 processes, each sending a
 * message every 100 virtual microseconds for 40 virtual seconds, a detection job taking 10 snapshots
 * per virtual second) run without a dashboard and with one (refreshing every 500 ms, its default, or
 * {@code -Drefresh=MILLIS}) with a page's event stream open and read, alternating in the same JVM, paired round by
 * round. Application throughput is messages delivered per wall-clock second of the run (everything of
 * the application runs on the simulator's thread; the dashboard's threads compete with it for the
 * machine's cores, so wall time is the cost a user sees) and per CPU second of the simulator's thread
 * (the work the dashboard adds to the application's own thread), and the CPU the dashboard's own
 * threads used during the run relative to the application thread's. Prints the medians and the
 * median of the per-pair ratios with a distribution-free 95% interval (order statistics of the ratios).
 * Usage: java -cp bench/target/benchmarks.jar io.cutwatch.bench.dashboard.DashboardOverhead [rounds]
 */
public final class DashboardOverhead {
    private static final Topology TOPOLOGY = Topology.complete(Topology.ids("p", 8));
    private static final Duration RUN = Duration.ofSeconds(40);
    private static final Duration SNAPSHOT_EVERY = Duration.ofMillis(100);
    /** Each process sends a message every 100 virtual microseconds. */
    private static final Duration GAP = Duration.ofNanos(100_000);
    /** The dashboard's refresh: its default unless -Drefresh=MILLIS. */
    private static final Duration REFRESH = Duration.ofMillis(Long.getLong("refresh", 500));

    private DashboardOverhead() {
    }

    /** One run: throughput per wall second and per CPU second of the simulator's thread, events read. */
    private record Run(double perWallSecond, double perCpuSecond, long messages, long snapshots, long events,
                       double dashboardCpuShare) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int warmup = 3;
        List<Double> wallOff = new ArrayList<>();
        List<Double> wallOn = new ArrayList<>();
        List<Double> wallRatio = new ArrayList<>();
        List<Double> cpuRatio = new ArrayList<>();
        List<Double> dashboardShare = new ArrayList<>();
        long events = 0;
        long snapshots = 0;
        long messages = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            Run off;
            Run on;
            if (r % 2 == 0) {
                off = run(false);
                on = run(true);
            } else {
                on = run(true);
                off = run(false);
            }
            if (r >= warmup) {
                wallOff.add(off.perWallSecond());
                wallOn.add(on.perWallSecond());
                wallRatio.add(on.perWallSecond() / off.perWallSecond());
                cpuRatio.add(on.perCpuSecond() / off.perCpuSecond());
                dashboardShare.add(on.dashboardCpuShare());
                events += on.events();
                snapshots = on.snapshots();
                messages = on.messages();
            }
        }
        double[] wi = PairedStats.medianInterval(wallRatio);
        double[] ci = PairedStats.medianInterval(cpuRatio);
        double[] di = PairedStats.medianInterval(dashboardShare);
        System.out.println("| run | messages | snapshots | events streamed per run | without msg/s (median) "
                + "| with msg/s (median) | with/without, wall (median of pairs, 95% interval) "
                + "| with/without, simulator-thread CPU (median, 95% interval) "
                + "| dashboard threads' CPU / application thread's CPU (median, 95% interval) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| 8 processes, 40 virtual s, 10 snapshots/s, dashboard refresh %d ms, %d rounds "
                        + "| %,d | %d | %d | %,.0f | %,.0f | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] "
                        + "| %.2f%% [%.2f%%, %.2f%%] |%n",
                REFRESH.toMillis(), rounds, messages, snapshots, events / rounds, PairedStats.median(wallOff),
                PairedStats.median(wallOn), PairedStats.median(wallRatio), wi[0], wi[1], PairedStats.median(cpuRatio),
                ci[0], ci[1], 100 * PairedStats.median(dashboardShare), 100 * di[0], 100 * di[1]);
    }

    private static Run run(boolean withDashboard) throws Exception {
        SimulatedWorkload w = SimulatedWorkload.build(TOPOLOGY, RUN, GAP, SNAPSHOT_EVERY);
        Cutwatch cw = w.cw;
        DetectionJobs jobs = w.jobs;
        CutwatchDashboard dashboard = null;
        Thread reader = null;
        AtomicLong events = new AtomicLong();
        if (withDashboard) {
            dashboard = CutwatchDashboard.start(cw, jobs, DashboardOptions.defaults().withPort(0).withRefresh(REFRESH));
            reader = streamReader(dashboard.url(), events);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (events.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        w.startJob();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long d0 = dashboardCpu(threads);
        long t0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        w.sim.runFor(RUN);
        long wall = System.nanoTime() - w0;
        long cpu = threads.getCurrentThreadCpuTime() - t0;
        long dashboardCpu = dashboardCpu(threads) - d0;
        long streamed = events.get();
        long taken = cw.snapshots().stats().completed();
        jobs.close();
        if (dashboard != null) {
            dashboard.close();
            reader.interrupt();
        }
        return new Run(w.delivered() / (wall / 1e9), w.delivered() / (cpu / 1e9), w.delivered(), taken,
                Math.max(0, streamed - 1), (double) dashboardCpu / cpu);
    }

    /**
     * CPU time of the dashboard's threads (its refresh thread and Jetty's pool) alive now. Jetty's pool
     * threads that end during a run take their time with them, so this is a lower bound of what they used.
     */
    private static long dashboardCpu(ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("cutwatch-dashboard")) {
                long c = threads.getThreadCpuTime(t.getThreadId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }

    /** A page's event stream, read line by line on its own thread; counts the events. */
    private static Thread streamReader(URI url, AtomicLong events) {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(url.resolve("/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("event: ")) {
                            events.incrementAndGet();
                        }
                    }
                }
            } catch (Exception e) {
                // the dashboard closed the stream at the end of the run
            }
        }, "event-stream-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
