package io.cutwatch.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutwatch.detect.DetectionResult;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.ResultGraph;
import io.cutwatch.detect.Viewable;
import io.cutwatch.metrics.CutwatchMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's HTTP API on a live simulated run: shapes, order, 404 and 400 with JSON errors,
 * 405 for writes, health and metrics, the port-in-use error, and that the rendering hook runs on
 * the dashboard's threads, never the process's.
 */
class DashboardApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LiveSimulation live;
    static CutwatchDashboard dashboard;
    static PrometheusMeterRegistry prometheus;
    static final Set<String> renderThreads = ConcurrentHashMap.newKeySet();

    /** A result with a drawing and measures, standing for a detector's. */
    record Found(boolean found, String summary) implements DetectionResult, Viewable {
        @Override
        public Optional<ResultGraph> drawing() {
            return Optional.of(new ResultGraph("a cycle", List.of(new ResultGraph.Node("tA", "p0", true, "victim"),
                    new ResultGraph.Node("tB", "p1", true, "")), List.of(
                    new ResultGraph.Edge("tA", "tB", "r1", true, ResultGraph.Change.NONE),
                    new ResultGraph.Edge("tB", "tA", "r2", true, ResultGraph.Change.ADDED_IN_TRANSIT))));
        }

        @Override
        public Map<String, Double> measures() {
            return Map.of("total", 10.0);
        }
    }

    @BeforeAll
    static void start() {
        live = new LiveSimulation(11, 3, 4, 2);
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        dashboard = CutwatchDashboard.start(live.cw, null, DashboardOptions.defaults().withPort(0)
                .withRefresh(Duration.ofMillis(100)).withMetrics(CutwatchMetrics.bind(prometheus, live.cw))
                .withStateRenderer(s -> {
                    renderThreads.add(Thread.currentThread().getName());
                    return "state " + s;
                }));
        live.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> live.taken() >= 5);
        live.stopSnapshots();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        dashboard.close();
        live.close();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.toString());
        return JSON.readTree(r.body());
    }

    static JsonNode completedSnapshots() throws Exception {
        return await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/snapshots")),
                n -> n.size() >= 5 && n.get(0).path("status").asText().equals("COMPLETED"));
    }

    @Test
    void snapshotsAreListedNewestFirstWithLatencyAndTheLimitIsObeyed() throws Exception {
        JsonNode list = completedSnapshots();
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : list) {
            ids.add(Long.parseLong(n.get("id").asText()));
            assertTrue(n.has("status") && n.has("latencyMillis") && n.has("initiatedAt"), n.toString());
        }
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, ids, "newest first (the simulator's ids grow)");
        assertEquals(2, json(get("/api/snapshots?limit=2")).size());
    }

    @Test
    void aSnapshotShowsStatesFrontiersAndChannelStatesAndDownloadsAsJson() throws Exception {
        String id = completedSnapshots().get(0).get("id").asText();
        HttpResponse<String> r = get("/api/snapshots/" + id);
        assertEquals(200, r.statusCode());
        JsonNode s = json(r);
        assertEquals(id, s.get("id").asText());
        assertEquals(3, s.get("processes").size());
        for (JsonNode p : s.get("processes")) {
            assertTrue(p.get("state").asText().startsWith("state TokenState["), p.toString());
            assertEquals(Set.of("p0", "p1", "p2"), fieldNames(p.get("frontier")));
        }
        assertEquals(6, s.get("channels").size(), "every channel of the complete topology on 3 processes");
        long messages = 0;
        for (JsonNode c : s.get("channels")) {
            messages += c.get("messages").asLong();
            assertTrue(c.get("messages").asLong() == 0 || c.get("bytes").asLong() > 0, c.toString());
        }
        assertEquals(s.get("messagesInTransit").asLong(), messages);
        HttpResponse<String> d = get("/api/snapshots/" + id + "?download=true");
        assertEquals("attachment; filename=\"snapshot-" + id + ".json\"",
                d.headers().firstValue("content-disposition").orElse(""));
        assertFalse(renderThreads.isEmpty());
        for (String t : renderThreads) {
            assertTrue(t.startsWith("cutwatch-dashboard"), "rendered on " + t + ", not a dashboard thread");
        }
    }

    @Test
    void unknownSnapshotIs404AndBadParametersAre400WithAJsonError() throws Exception {
        HttpResponse<String> r = get("/api/snapshots/4242424242");
        assertEquals(404, r.statusCode());
        assertTrue(json(r).get("error").asText().contains("no snapshot 4242424242"), r.body());
        for (String bad : List.of("/api/snapshots/abc", "/api/snapshots?limit=0", "/api/snapshots?limit=x",
                "/api/snapshots?limit=1001", "/api/snapshots?colour=red", "/api/snapshots/1?download=maybe",
                "/api/reports?limit=-1")) {
            HttpResponse<String> b = get(bad);
            assertEquals(400, b.statusCode(), bad + ": " + b.body());
            assertEquals(400, json(b).get("status").asInt());
            assertFalse(json(b).get("error").asText().isBlank());
            assertFalse(b.body().contains("Exception"), b.body());
        }
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/snapshots"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(404, get("/nowhere").statusCode());
        assertEquals(404, get("/api/reports?job=nosuchjob").statusCode());
    }

    @Test
    void reportsCarryTheirDrawingAndMeasuresAndCountVerdictsPerJob() throws Exception {
        dashboard.report(Report.of("watch", 7, "cycles", new Found(true, "found a cycle"), Duration.ZERO));
        dashboard.report(Report.of("watch", 8, "cycles", new Found(false, "clean"), Duration.ZERO));
        JsonNode r = await().atMost(Duration.ofSeconds(5)).until(() -> json(get("/api/reports?job=watch")),
                n -> n.get("reports").size() == 2);
        JsonNode newest = r.get("reports").get(0);
        assertEquals("8", newest.get("snapshotId").asText());
        assertEquals("CLEAN", newest.get("verdict").asText());
        JsonNode g = r.get("reports").get(1).get("graph");
        assertEquals(2, g.get("nodes").size());
        assertEquals("victim", g.get("nodes").get(0).get("badge").asText());
        assertEquals("ADDED_IN_TRANSIT", g.get("edges").get(1).get("change").asText());
        assertEquals(10.0, newest.get("measures").get("total").asDouble());
        JsonNode job = r.get("jobs").get(0);
        assertEquals(1, job.get("found").asInt());
        assertEquals(1, job.get("clean").asInt());
        JsonNode overview = json(get("/api/overview"));
        assertTrue(overview.get("charts").toString().contains("\"job\":\"watch\""), overview.get("charts").toString());
    }

    @Test
    void healthIsUpWith200AndMetricsAreThePrometheusScrape() throws Exception {
        HttpResponse<String> h = get("/health");
        assertEquals(200, h.statusCode());
        assertEquals("UP", json(h).get("status").asText());
        HttpResponse<String> m = get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("cutwatch_snapshots_completed_total"), m.body());
    }

    @Test
    void aDownVerdictIs503WithItsReasons() throws Exception {
        try (CutwatchMetrics metrics = CutwatchMetrics.bind(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                live.cw);
             CutwatchDashboard down = CutwatchDashboard.start(live.cw, null, DashboardOptions.defaults().withPort(0)
                     .withHealth(metrics.health().lostProcesses(() -> Map.of("p2", "member m2 left")).build()))) {
            HttpResponse<String> h = HTTP.send(HttpRequest.newBuilder(URI.create(down.url() + "health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, h.statusCode());
            JsonNode n = JSON.readTree(h.body());
            assertEquals("DOWN", n.get("status").asText());
            assertEquals("processes-lost", n.get("reasons").get(0).get("check").asText());
            HttpResponse<String> m = HTTP.send(HttpRequest.newBuilder(URI.create(down.url() + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, m.statusCode(), "no Prometheus registry here");
        }
    }

    @Test
    void aPortInUseIsRefusedAtStartInOneLineNamingTheAddress() {
        DashboardStartException e = assertThrows(DashboardStartException.class, () -> CutwatchDashboard.start(live.cw,
                null, DashboardOptions.defaults().withPort(dashboard.port())));
        assertTrue(e.getMessage().contains("127.0.0.1:" + dashboard.port()), e.getMessage());
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
