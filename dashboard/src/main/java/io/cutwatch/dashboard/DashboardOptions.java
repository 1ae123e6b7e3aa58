package io.cutwatch.dashboard;

import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.metrics.HealthCheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How a {@link CutwatchDashboard} binds and what it shows. Immutable; start from
 * {@link #defaults()} and change with the {@code with...} methods.
 *
 * <ul>
 *   <li>{@code host} 127.0.0.1 and {@code port} 7070 (0: any free port, read it back from
 *       {@link CutwatchDashboard#port()}). Bind to another address only behind your own access control:
 *       the dashboard is read-only but shows application state.</li>
 *   <li>{@code refresh} 500 ms: how often the dashboard's own thread reads the snapshot service, the
 *       backend and the reports, and pushes the overview to open pages.</li>
 *   <li>{@code retainedSnapshots} 50: completed snapshots kept whole for the detail page;
 *       {@code timelineLength} 500: snapshot outcomes kept for the timeline and {@code /api/snapshots};
 *       {@code reportsPerJob} 500: reports kept per job and detector.</li>
 *   <li>{@code stateRenderer}: the rendering hook for recorded states and messages on the detail page,
 *       {@code String.valueOf} by default; {@code sizeOf}: bytes of a message in a channel state, its Java
 *       serialized size by default (its JSON size when it is not {@code Serializable}).</li>
 *   <li>{@code metrics}: the application's {@link CutwatchMetrics}; its registry is served on
 *       {@code /metrics} when it is a Prometheus registry, and its health on {@code /health}. Without it
 *       the dashboard binds its own to a private in-memory registry (with the jobs it is given). {@code health}: a
 *       {@link HealthCheck} built by the application (otherwise the metrics' default one, with the
 *       lost processes on Hazelcast).</li>
 * </ul>
 */
public final class DashboardOptions {
    /** The port the demos and {@link #defaults()} use. */
    public static final int DEFAULT_PORT = 7070;

    private final String host;
    private final int port;
    private final Duration refresh;
    private final int retainedSnapshots;
    private final int timelineLength;
    private final int reportsPerJob;
    private final Function<Object, String> stateRenderer;
    private final ToLongFunction<Object> sizeOf;
    private final CutwatchMetrics metrics;
    private final HealthCheck health;
    private final String title;

    private DashboardOptions(String host, int port, Duration refresh, int retainedSnapshots, int timelineLength,
                             int reportsPerJob, Function<Object, String> stateRenderer, ToLongFunction<Object> sizeOf,
                             CutwatchMetrics metrics, HealthCheck health, String title) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("dashboard port must be 0..65535 (0: any free port), got " + port);
        }
        this.port = port;
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("dashboard refresh must be positive, got " + refresh);
        }
        this.refresh = refresh;
        this.retainedSnapshots = atLeastOne(retainedSnapshots, "retained snapshots");
        this.timelineLength = atLeastOne(timelineLength, "timeline length");
        this.reportsPerJob = atLeastOne(reportsPerJob, "reports per job");
        this.stateRenderer = Objects.requireNonNull(stateRenderer, "stateRenderer");
        this.sizeOf = Objects.requireNonNull(sizeOf, "sizeOf");
        this.metrics = metrics;
        this.health = health;
        this.title = Objects.requireNonNull(title, "title");
    }

    private static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("dashboard " + what + " must be at least 1, got " + n);
        }
        return n;
    }

    /** 127.0.0.1:7070, refreshed every 500 ms, {@code String.valueOf} states, no application metrics. */
    public static DashboardOptions defaults() {
        return new DashboardOptions("127.0.0.1", DEFAULT_PORT, Duration.ofMillis(500), 50, 500, 500,
                String::valueOf, DashboardOptions::defaultSize, null, null, "Cutwatch");
    }

    /** The address to bind (127.0.0.1 by default). */
    public DashboardOptions withHost(String host) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** The port (0: any free port). */
    public DashboardOptions withPort(int port) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** How often the dashboard reads and pushes. */
    public DashboardOptions withRefresh(Duration refresh) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** How many completed snapshots are kept whole for the detail page. */
    public DashboardOptions withRetainedSnapshots(int n) {
        return new DashboardOptions(host, port, refresh, n, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** How many snapshot outcomes the timeline keeps. */
    public DashboardOptions withTimelineLength(int n) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, n, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** How many reports are kept per job and detector. */
    public DashboardOptions withReportsPerJob(int n) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, n,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** The rendering hook for recorded states and messages (run on a dashboard thread, never a process's). */
    public DashboardOptions withStateRenderer(Function<Object, String> renderer) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                renderer, sizeOf, metrics, health, title);
    }

    /** Bytes of one message of a channel state (-1: unknown). */
    public DashboardOptions withSizeOf(ToLongFunction<Object> sizeOf) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    /** The application's metrics binding: its registry for {@code /metrics}, its health for {@code /health}. */
    public DashboardOptions withMetrics(CutwatchMetrics metrics) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, Objects.requireNonNull(metrics, "metrics"), health, title);
    }

    /** The health check {@code /health} and the overview report. */
    public DashboardOptions withHealth(HealthCheck health) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, Objects.requireNonNull(health, "health"), title);
    }

    /** The heading of every page. */
    public DashboardOptions withTitle(String title) {
        return new DashboardOptions(host, port, refresh, retainedSnapshots, timelineLength, reportsPerJob,
                stateRenderer, sizeOf, metrics, health, title);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Duration refresh() {
        return refresh;
    }

    public int retainedSnapshots() {
        return retainedSnapshots;
    }

    public int timelineLength() {
        return timelineLength;
    }

    public int reportsPerJob() {
        return reportsPerJob;
    }

    public Function<Object, String> stateRenderer() {
        return stateRenderer;
    }

    public ToLongFunction<Object> sizeOf() {
        return sizeOf;
    }

    /** The application's metrics binding, or null. */
    public CutwatchMetrics metrics() {
        return metrics;
    }

    /** The application's health check, or null. */
    public HealthCheck health() {
        return health;
    }

    public String title() {
        return title;
    }

    /**
     * Java serialized size of {@code o} when it is {@link Serializable}, otherwise the size of its JSON
     * (UTF-8, as Jackson writes it; records and beans work), or -1 when neither works.
     */
    static long defaultSize(Object o) {
        if (!(o instanceof Serializable)) {
            try {
                return Json.MAPPER.writeValueAsBytes(o).length;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return bytes.size();
    }
}
