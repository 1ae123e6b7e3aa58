package io.cutwatch.gc.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutwatch.dashboard.DemoDashboard;
import io.cutwatch.gc.GarbageCycle;
import io.cutwatch.gc.ObjectRef;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GcDemo --dashboard}: the first report offers the distributed cycles drawn (every member,
 * grouped by process, with the cross-process references that close them) and the garbage per process.
 */
class GcDemoDashboardTest {
    @Test
    void theGarbageReportCarriesItsCyclesDrawnAndTheGarbagePerProcess() throws Exception {
        // The simulator is deterministic: the same seed without a dashboard gives the expected report.
        GcDemo.Result expected = GcDemo.run(7, 4, new PrintStream(java.io.OutputStream.nullOutputStream()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread demo = new Thread(() -> GcDemo.run(7, 4, out, DemoDashboard.parse(new String[] {"--dashboard", "0"})),
                "gc-demo");
        demo.setDaemon(true);
        demo.start();
        try {
            String printed = await().atMost(Duration.ofSeconds(60)).until(() -> bytes.toString(StandardCharsets.UTF_8),
                    s -> s.contains("the dashboard stays at"));
            Matcher url = Pattern.compile("dashboard at (http://\\S+)").matcher(printed);
            assertTrue(url.find(), printed);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url.group(1) + "api/reports?job=gc")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            JsonNode reports = new ObjectMapper().readTree(r.body()).get("reports");
            assertEquals(2, reports.size());
            JsonNode first = reports.get(1);
            Set<String> members = new TreeSet<>();
            for (GarbageCycle c : expected.first().distributedCycles()) {
                for (ObjectRef o : c.members()) {
                    members.add(o.toString());
                }
            }
            assertFalse(members.isEmpty());
            Set<String> drawn = new TreeSet<>();
            for (JsonNode n : first.get("graph").get("nodes")) {
                drawn.add(n.get("id").asText());
                assertEquals(n.get("id").asText().substring(0, n.get("id").asText().indexOf(':')), n.get("group").asText());
            }
            assertEquals(members, drawn);
            assertTrue(first.get("graph").get("edges").size() >= 2, "each cycle is closed by cross-process references");
            for (JsonNode e : first.get("graph").get("edges")) {
                assertTrue(members.contains(e.get("from").asText()) && members.contains(e.get("to").asText()), e.toString());
            }
            long perProcess = 0;
            for (var it = first.get("measures").fields(); it.hasNext(); ) {
                var m = it.next();
                if (m.getKey().startsWith("garbage at ")) {
                    perProcess += m.getValue().asLong();
                }
            }
            assertEquals(expected.first().garbageCount(), perProcess);
        } finally {
            demo.interrupt();
            demo.join(5_000);
        }
    }
}
