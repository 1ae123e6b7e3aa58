package io.cutwatch.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutwatch.metrics.HealthReport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Routes every request: the pages and their bundled script and style (from the jar, nothing from
 * the internet), the JSON API, {@code /events}, {@code /metrics} and {@code /health}. Read-only:
 * anything but GET (and HEAD) is 405. Bad parameters are 400 and unknown things 404, both with a
 * JSON body {@code {"status":..,"error":"one line"}}. Runs on Jetty's threads; reads the
 * {@link LiveState} under its lock and never calls into a process.
 */
final class DashboardHandler extends Handler.Abstract {
    /** Thrown inside routing for a 4xx answer. */
    private static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Problem(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private record Asset(byte[] bytes, String type) {
    }

    static final int MAX_LIMIT = 1000;
    private static final String WEB = "/io/cutwatch/dashboard/web/";

    private final CutwatchDashboard dashboard;
    private final Map<String, Asset> assets = new HashMap<>();

    DashboardHandler(CutwatchDashboard dashboard) {
        this.dashboard = dashboard;
        asset("/", "index.html");
        asset("/snapshot", "snapshot.html");
        asset("/reports", "reports.html");
        asset("/static/app.js", "app.js");
        asset("/static/app.css", "app.css");
    }

    private void asset(String path, String file) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(WEB + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + WEB + file + " is missing from the jar");
            }
            String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                    : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            assets.put(path, new Asset(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard resource " + file, e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                throw new Problem(405, "the dashboard is read-only: " + method + " " + path + " is not allowed (GET only)");
            }
            Fields params = Request.extractQueryParameters(request);
            Asset a = assets.get(path);
            if (a != null) {
                allowOnly(params, path, "id", "job");
                send(response, callback, 200, a.type(), a.bytes());
                return true;
            }
            switch (path) {
                case "/events" -> {
                    allowOnly(params, path);
                    dashboard.events().open(response, callback, dashboard.overviewJson());
                }
                case "/api/overview" -> {
                    allowOnly(params, path);
                    json(response, callback, 200, dashboard.overviewJson());
                }
                case "/api/snapshots" -> {
                    allowOnly(params, path, "limit");
                    int limit = limit(params, 100);
                    json(response, callback, 200, Json.write(dashboard.state().snapshots(limit)));
                }
                case "/api/reports" -> {
                    allowOnly(params, path, "job", "limit");
                    String job = params.getValue("job");
                    int limit = limit(params, 200);
                    if (job != null && !dashboard.state().hasJob(job)) {
                        throw new Problem(404, "no reports of job '" + job + "' on this dashboard");
                    }
                    ObjectNode n = Json.object();
                    n.set("jobs", dashboard.state().jobs());
                    n.set("reports", dashboard.state().reports(job, limit));
                    json(response, callback, 200, Json.write(n));
                }
                case "/health" -> {
                    allowOnly(params, path);
                    HealthReport h = dashboard.health();
                    json(response, callback, h.status() == HealthReport.Status.DOWN ? 503 : 200, h.toJson());
                }
                case "/metrics" -> {
                    allowOnly(params, path);
                    Optional<String> text = dashboard.prometheusText();
                    if (text.isEmpty()) {
                        throw new Problem(404, "no Prometheus registry: pass DashboardOptions.withMetrics(...) bound to a "
                                + "PrometheusMeterRegistry (micrometer-registry-prometheus) to serve /metrics");
                    }
                    send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                            text.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                default -> {
                    if (path.startsWith("/api/snapshots/")) {
                        allowOnly(params, path, "download");
                        snapshot(path.substring("/api/snapshots/".length()), params, response, callback);
                    } else {
                        throw new Problem(404, "no such page or endpoint: " + path);
                    }
                }
            }
        } catch (Problem p) {
            json(response, callback, p.status, Json.error(p.status, p.getMessage()));
        }
        return true;
    }

    private void snapshot(String idText, Fields params, Response response, Callback callback) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new Problem(400, "snapshot id must be an integer, got '" + idText + "'");
        }
        String download = params.getValue("download");
        if (download != null && !download.equals("true") && !download.equals("false")) {
            throw new Problem(400, "download must be true or false, got '" + download + "'");
        }
        ObjectNode n = dashboard.state().snapshot(id).orElseThrow(() -> new Problem(404,
                "no snapshot " + id + " on this dashboard (it keeps the last " + dashboard.options().timelineLength()
                        + " outcomes of snapshots initiated on this member)"));
        if ("true".equals(download)) {
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"snapshot-" + id + ".json\"");
        }
        json(response, callback, 200, Json.write(n));
    }

    private static void allowOnly(Fields params, String path, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String name : params.getNames()) {
            if (!ok.contains(name)) {
                throw new Problem(400, "unknown parameter '" + name + "' for " + path
                        + (allowed.length == 0 ? " (it takes none)" : " (allowed: " + String.join(", ", allowed) + ")"));
            }
        }
    }

    private static int limit(Fields params, int dflt) {
        String v = params.getValue("limit");
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Problem(400, "limit must be an integer 1.." + MAX_LIMIT + ", got '" + v + "'");
    }

    private static void json(Response response, Callback callback, int status, String body) {
        send(response, callback, status, "application/json; charset=utf-8",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

}
