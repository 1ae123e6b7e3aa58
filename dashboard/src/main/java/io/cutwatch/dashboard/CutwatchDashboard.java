package io.cutwatch.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutwatch.Cutwatch;
import io.cutwatch.dashboard.hazelcast.HazelcastView;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.Report;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.metrics.HealthCheck;
import io.cutwatch.metrics.HealthReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A live, read-only web dashboard of one member, started in one line:
 *
 * <pre>{@code
 * CutwatchDashboard dashboard = CutwatchDashboard.start(cw, jobs, DashboardOptions.defaults());
 * System.out.println("dashboard at " + dashboard.url());
 * }</pre>
 *
 * <p>It serves, on 127.0.0.1:7070 by default, an overview pushed to the page by server-sent events
 * (the snapshot timeline with latencies and failures and their reasons, the snapshots in flight with
 * the processes and channels they still wait for, members and their processes, lost processes,
 * the channels' counters on Hazelcast, the health verdict, the detection jobs and charts of their
 * measures), a page per snapshot (states through a rendering hook, channel states with message
 * counts and bytes, the frontier's vector clocks, a JSON download) and the reports per job (the
 * history of verdicts, the drawing of a result that is {@link io.cutwatch.detect.Viewable}); and
 * the JSON behind them: {@code /api/overview}, {@code /api/snapshots} (newest first),
 * {@code /api/snapshots/{id}}, {@code /api/reports}, with {@code /metrics} (Prometheus text) and
 * {@code /health} (200 UP or DEGRADED, 503 DOWN). Every script and style is in the jar.
 *
 * <p>Threading: the snapshot service and the jobs hand outcomes and reports to lock-free queues
 * (an append each, on whatever thread they run); one dashboard thread drains them, reads the
 * snapshots in flight, the backend's counters and the health every {@code refresh}, and pushes
 * the overview; Jetty's threads (at most 8) answer requests. No work runs on a process's thread.
 * Cost: {@code docs/BENCHMARKS.md}.
 */
public final class CutwatchDashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CutwatchDashboard.class);
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Cutwatch cw;
    private final DetectionJobs jobs;
    private final DashboardOptions options;
    private final LiveState state;
    private final EventStream events = new EventStream();
    private final CutwatchMetrics metrics;
    private final boolean ownMetrics;
    private final HealthCheck health;
    private final boolean onHazelcast;
    private final Consumer<Report> reportListener;
    private final ScheduledExecutorService thread;
    private final Server server;
    private final int port;
    private volatile String overview;
    private long lastPush = System.nanoTime();

    private CutwatchDashboard(Cutwatch cw, DetectionJobs jobs, DashboardOptions options) {
        this.cw = Objects.requireNonNull(cw, "cw");
        this.jobs = jobs;
        this.options = Objects.requireNonNull(options, "options");
        this.state = new LiveState(cw, options);
        this.onHazelcast = onHazelcast(cw);
        this.ownMetrics = options.metrics() == null;
        this.metrics = ownMetrics ? CutwatchMetrics.bind(new SimpleMeterRegistry(), cw) : options.metrics();
        if (ownMetrics && jobs != null) {
            metrics.bindJobs(jobs);   // so that the health notices jobs whose snapshots stopped completing
        }
        if (options.health() != null) {
            this.health = options.health();
        } else {
            HealthCheck.Builder b = metrics.health();
            if (onHazelcast) {
                b.lostProcesses(HazelcastView.lostProcesses(cw));
            }
            this.health = b.build();
        }
        this.reportListener = state::offer;
        cw.snapshots().observe(state);
        if (jobs != null) {
            jobs.onReport(reportListener);
            for (Report r : jobs.reports().recent(jobs.reports().capacity())) {
                state.offer(r);
            }
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutwatch-dashboard");
            t.setDaemon(true);
            return t;
        });
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("cutwatch-dashboard-http");
        pool.setDaemon(true);
        this.server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setHandler(new DashboardHandler(this));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            undo();
            String where = options.host() + ":" + options.port();
            if (causedBy(e, BindException.class)) {
                throw new DashboardStartException("cannot start the dashboard on " + where
                        + ": the address is already in use (choose another port, or 0 for any free port)", e);
            }
            throw new DashboardStartException("cannot start the dashboard on " + where + ": " + e.getMessage(), e);
        }
        this.port = connector.getLocalPort();
        refresh();
        long every = options.refresh().toNanos();
        thread.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts a dashboard of {@code cw} (the member it runs on) and {@code jobs} (null when the
     * application runs no {@link DetectionJobs}; it can still {@link #report} its own results).
     *
     * @throws DashboardStartException one line naming the address, when it cannot be bound (in use)
     */
    public static CutwatchDashboard start(Cutwatch cw, DetectionJobs jobs, DashboardOptions options) {
        return new CutwatchDashboard(cw, jobs, options);
    }

    /** Shows a report produced outside {@link DetectionJobs} (any thread; an append, no work). */
    public void report(Report report) {
        state.offer(Objects.requireNonNull(report, "report"));
    }

    /** The address the dashboard serves, e.g. {@code http://127.0.0.1:7070/}. */
    public URI url() {
        return URI.create("http://" + options.host() + ":" + port + "/");
    }

    /** The port bound (the chosen one when the options said 0). */
    public int port() {
        return port;
    }

    /** Pages holding an event stream open now. */
    public int openStreams() {
        return events.size();
    }

    /** Stops serving and stops observing; the Cutwatch and the jobs go on. Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
        events.closeAll();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("dashboard server did not stop cleanly: {}", e.toString());
        }
        undo();
    }

    private void undo() {
        cw.snapshots().unobserve(state);
        if (jobs != null) {
            jobs.removeReportListener(reportListener);
        }
        if (ownMetrics) {
            metrics.close();
        }
        thread.shutdownNow();
    }

    // ---- the dashboard thread ----

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("dashboard refresh failed: {}", e.toString(), e);
        }
    }

    /** Drains, rebuilds the overview and pushes it when it changed (a heartbeat every 10 s otherwise). */
    private synchronized void refresh() {
        state.tick();
        String json = Json.write(buildOverview());
        boolean changed = !json.equals(overview);
        overview = json;
        long now = System.nanoTime();
        if (changed) {
            events.broadcast(json);
            lastPush = now;
        } else if (now - lastPush > HEARTBEAT_NANOS) {
            events.heartbeat();
            lastPush = now;
        }
    }

    private ObjectNode buildOverview() {
        ObjectNode n = Json.object();
        n.put("title", options.title());
        var stats = cw.snapshots().stats();
        ObjectNode counts = n.putObject("counts");
        counts.put("initiated", stats.initiated());
        counts.put("completed", stats.completed());
        counts.put("failed", stats.failed());
        var inFlight = state.inFlight();
        counts.put("inFlight", inFlight.size());
        n.set("timeline", state.timeline(60));
        n.set("inFlight", inFlight);
        if (onHazelcast) {
            n.put("backend", "hazelcast");
            n.setAll(HazelcastView.describe(cw));
        } else {
            n.put("backend", cw.backend().getClass().getSimpleName());
            var members = n.putArray("members");
            ObjectNode m = members.addObject();
            m.put("member", "this JVM (" + cw.backend().getClass().getSimpleName() + ")");
            m.put("local", true);
            var ps = m.putArray("processes");
            cw.hostedProcesses().forEach(ps::add);
            n.putObject("lost");
            n.putNull("channels");
        }
        n.set("health", Json.MAPPER.valueToTree(health.report()));
        n.set("jobs", state.jobs());
        n.set("charts", state.charts(200));
        return n;
    }

    // ---- for the handler ----

    LiveState state() {
        return state;
    }

    EventStream events() {
        return events;
    }

    DashboardOptions options() {
        return options;
    }

    String overviewJson() {
        return overview;
    }

    HealthReport health() {
        return health.report();
    }

    Optional<String> prometheusText() {
        return PrometheusText.available() ? PrometheusText.scrape(metrics.registry()) : Optional.empty();
    }

    private static boolean onHazelcast(Cutwatch cw) {
        try {
            Class<?> c = Class.forName("io.cutwatch.hazelcast.HazelcastBackend", false,
                    CutwatchDashboard.class.getClassLoader());
            return c.isInstance(cw.backend());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c) || (c instanceof IOException && String.valueOf(c.getMessage()).contains("in use"))) {
                return true;
            }
        }
        return false;
    }
}
