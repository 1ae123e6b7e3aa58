package io.cutwatch.bank;

import io.cutwatch.Cutwatch;
import io.cutwatch.dashboard.CutwatchDashboard;
import io.cutwatch.dashboard.DashboardOptions;

import java.net.URI;

/**
 * The bank demo's dashboard: {@link CutwatchDashboard} on the driving member, bound to the run's
 * snapshot meters (health), with every conservation check of the run (and of the strawman with
 * {@code --naive}) shown as a report, so the overview charts the total per snapshot against the
 * expected total.
 */
final class BankDashboard implements AutoCloseable {
    private final CutwatchDashboard dashboard;

    private BankDashboard(CutwatchDashboard dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0: any free port).
     *
     * @throws io.cutwatch.dashboard.DashboardStartException one line, when the port is in use
     */
    static BankDashboard start(Cutwatch driver, BankRun run, int port) {
        CutwatchDashboard d = CutwatchDashboard.start(driver, null, DashboardOptions.defaults().withPort(port)
                .withTitle("Cutwatch bank").withMetrics(run.meters().get(0)));
        run.reportChecksTo(d::report);
        return new BankDashboard(d);
    }

    URI url() {
        return dashboard.url();
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
