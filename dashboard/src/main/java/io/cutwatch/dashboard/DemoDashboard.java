package io.cutwatch.dashboard;

import io.cutwatch.Cutwatch;
import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.Report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code --dashboard [PORT]} and {@code --linger} flags of the runnable demos that run on the
 * simulator (the deadlock and gc demos), in one place: parse them, start a dashboard once the
 * demo's Cutwatch exists, show its reports, and keep serving after the run until Ctrl-C. A
 * simulated run takes a fraction of a second of real time, so these demos keep serving after it
 * whether or not {@code --linger} is given. When the flag is absent every method does nothing.
 */
public final class DemoDashboard {
    /**
     * The dashboard flags of a demo's arguments.
     *
     * @param port the port asked for ({@link DashboardOptions#DEFAULT_PORT} when {@code --dashboard}
     *             has no number), or null when {@code --dashboard} is absent
     * @param rest the other arguments, in order
     */
    public record Flags(Integer port, List<String> rest) {
        /** No dashboard. */
        public static final Flags NONE = new Flags(null, List.of());

        public Flags {
            rest = List.copyOf(rest);
        }
    }

    private final CutwatchDashboard dashboard;

    private DemoDashboard(CutwatchDashboard dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * Takes {@code --dashboard [PORT]} and {@code --linger} out of {@code args}.
     *
     * @throws IllegalArgumentException one line naming the bad port or the misplaced flag
     */
    public static Flags parse(String[] args) {
        Integer port = null;
        boolean linger = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--dashboard")) {
                port = DashboardOptions.DEFAULT_PORT;
                if (i + 1 < args.length && args[i + 1].matches("\\d{1,9}")) {
                    port = Integer.parseInt(args[++i]);
                    if (port > 65_535) {
                        throw new IllegalArgumentException("--dashboard port must be 0..65535, got " + port);
                    }
                }
            } else if (a.equals("--linger")) {
                linger = true;
            } else {
                rest.add(a);
            }
        }
        if (linger && port == null) {
            throw new IllegalArgumentException("--linger keeps the dashboard up: it needs --dashboard");
        }
        return new Flags(port, rest);
    }

    /**
     * Starts the dashboard of {@code cw} when {@code flags} ask for one and prints its URL to {@code out}.
     *
     * @throws DashboardStartException one line, when the port is in use
     */
    public static DemoDashboard start(Flags flags, Cutwatch cw, String title, PrintStream out) {
        if (flags.port() == null) {
            return new DemoDashboard(null);
        }
        CutwatchDashboard d = CutwatchDashboard.start(cw, null, DashboardOptions.defaults().withPort(flags.port())
                .withTitle(Objects.requireNonNull(title, "title")).withRefresh(Duration.ofMillis(250)));
        out.println("dashboard at " + d.url());
        return new DemoDashboard(d);
    }

    /**
     * Shows the result of snapshot {@code snapshotId} as a report of {@code job}; {@code result} is
     * only called when a dashboard runs, so a demo without one pays nothing for it.
     */
    public void report(String job, String detector, long snapshotId, Supplier<? extends DetectionResult> result) {
        if (dashboard != null) {
            dashboard.report(Report.of(job, snapshotId, detector, result.get(), Duration.ZERO));
        }
    }

    /** After the run: keeps serving until the JVM is stopped (Ctrl-C), when a dashboard was started. */
    public void serveUntilStopped(PrintStream out) {
        if (dashboard == null) {
            return;
        }
        out.println("the run is over; the dashboard stays at " + dashboard.url() + " until Ctrl-C");
        out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dashboard.close();
                return;
            }
        }
    }
}
