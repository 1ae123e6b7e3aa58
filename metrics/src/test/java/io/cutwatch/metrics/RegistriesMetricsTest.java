package io.cutwatch.metrics;

import io.cutwatch.Cutwatch;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.TerminationDetector;
import io.micrometer.core.instrument.Clock;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three-line examples of docs/metrics.md, run: the meters appear on a Prometheus scrape and in JMX. */
class RegistriesMetricsTest {

    @Test
    void prometheusScrapeShowsTheMeters() {
        Cutwatch cw = SimulatedMetricsTest.app(3, new AtomicBoolean());
        DetectionJobs jobs = DetectionJobs.on(cw);
        jobs.define("watch").detectors(TerminationDetector.NAME).every(Duration.ofMillis(5))
                .snapshotTimeout(Duration.ofMillis(50)).start();

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CutwatchMetrics.bind(registry, cw).bindJobs(jobs);
        cw.simulation().runFor(Duration.ofMillis(100));
        String scrape = registry.scrape();

        jobs.close();
        assertTrue(scrape.contains("cutwatch_snapshots_completed_total "), scrape);
        assertTrue(scrape.contains("cutwatch_snapshots_failed_total{reason=\"MEMBER_LOST\"} 0"), scrape);
        assertTrue(scrape.contains("cutwatch_snapshot_latency_seconds_bucket{le="), "percentile histogram: " + scrape);
        assertTrue(scrape.contains("cutwatch_job_runs_total{job=\"watch\"}"), scrape);
        assertTrue(scrape.contains("cutwatch_job_findings_total{detector=\"termination\",job=\"watch\",verdict="),
                scrape);
    }

    @Test
    void jmxShowsTheMetersUntilClosed() throws Exception {
        Cutwatch cw = SimulatedMetricsTest.app(5, new AtomicBoolean());
        JmxMeterRegistry registry = new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM);
        try {
            CutwatchMetrics metrics = CutwatchMetrics.bind(registry, cw);
            cw.simulation().await(cw.snapshots().initiate("a"));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(new ObjectName("metrics:name=cutwatchSnapshotsCompleted,*"), null);
            assertEquals(1, names.size(), String.valueOf(server.queryNames(new ObjectName("metrics:*"), null)));
            assertEquals(1.0, ((Number) server.getAttribute(names.iterator().next(), "Count")).doubleValue());
            metrics.close();
            assertFalse(server.isRegistered(names.iterator().next()), "closing unbinds from JMX too");
        } finally {
            registry.close();
        }
    }
}
