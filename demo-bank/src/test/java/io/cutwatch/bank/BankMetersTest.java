package io.cutwatch.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutwatch.metrics.CutwatchMetrics;
import io.cutwatch.model.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One source of truth: the end table and the JSON report show the figures of the run's Micrometer
 * meters (issue 12), on a run where some snapshots complete and some fail.
 */
class BankMetersTest {

    @Test
    void tableAndJsonShowTheMeters() throws Exception {
        // A snapshot timeout near the snapshot's own latency: some complete, some fail with TIMEOUT.
        BankOptions d = BankOptions.defaults(7);
        BankOptions o = new BankOptions(6, 1, Duration.ofSeconds(2), Duration.ofMillis(100), 7, false, null, null,
                d.initialBalance(), d.maxTransferGap(), Duration.ofMillis(TIMEOUT_MILLIS));
        try (SimulatedBankCluster c = new SimulatedBankCluster(Topology.complete(Topology.ids("b", 6)), 7)) {
            BankRun run = new BankRun(o, c);
            run.startBranches();
            BankReport r = run.run(p -> { });
            MeterRegistry reg = run.meters().get(0).registry();

            long completed = (long) reg.get("cutwatch.snapshots.completed").counter().count();
            long started = (long) reg.get("cutwatch.snapshots.started").counter().count();
            Map<String, Long> byReason = new TreeMap<>();
            long failed = 0;
            for (Counter f : reg.get("cutwatch.snapshots.failed").counters()) {
                if (f.count() > 0) {
                    byReason.put(f.getId().getTag("reason"), (long) f.count());
                    failed += (long) f.count();
                }
            }
            double p50 = 0;
            double p99 = 0;
            for (ValueAtPercentile v : reg.get("cutwatch.snapshot.latency").timer().takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                } else if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
            long markers = 0;
            for (CutwatchMetrics m : run.meters()) {
                markers += (long) m.registry().get("cutwatch.markers.sent").functionCounter().count();
            }
            long messages = (long) reg.get("cutwatch.snapshot.messages").summary().totalAmount();

            assertTrue(completed > 0 && failed > 0, "want both outcomes: " + r);
            assertEquals(Map.of("TIMEOUT", failed), byReason, r.toString());
            assertEquals(completed, (long) reg.get("cutwatch.snapshot.latency").timer().count());
            assertTrue(p50 > 0 && p99 >= p50, p50 + " / " + p99);

            // The report is the meters.
            assertEquals(completed, r.snapshots());
            assertEquals(failed, r.failed());
            assertEquals(byReason, r.failedByReason());
            assertEquals(p50, r.latencyMedianMillis());
            assertEquals(p99, r.latencyP99Millis());
            assertEquals(markers, r.markersSent());
            assertEquals(messages, r.inFlightRecorded());
            assertEquals(Math.max(0, started - completed - failed), r.snapshotsUnfinished());
            assertEquals(r.failed(), r.failures().size(), "one message per failed snapshot");

            // The JSON report.
            JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));
            assertEquals(completed, json.get("snapshots").asLong());
            assertEquals(failed, json.get("failed").asLong());
            assertEquals(failed, json.get("failedByReason").get("TIMEOUT").asLong());
            assertEquals(p50, json.get("latencyMedianMillis").asDouble());
            assertEquals(p99, json.get("latencyP99Millis").asDouble());
            assertEquals(markers, json.get("markersSent").asLong());
            assertEquals(messages, json.get("inFlightRecorded").asLong());

            // The table.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BankDemo.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), r, null);
            String table = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(table.contains(String.format(Locale.ROOT, "snapshots taken / asked      %d / ", completed)),
                    table);
            assertTrue(table.contains(String.format(Locale.ROOT, "failed snapshots             %d (TIMEOUT %d)",
                    failed, failed)), table);
            assertTrue(table.contains(String.format(Locale.ROOT, "%.2f ms / %.2f ms (virtual)", p50, p99)), table);
            assertTrue(table.contains(String.format(Locale.ROOT, "markers sent                 %,d", markers)),
                    table);
            assertTrue(table.contains(String.format(Locale.ROOT, "transfers caught in flight   %,d", messages)),
                    table);
        }
    }

    private static final long TIMEOUT_MILLIS = 8;
}
