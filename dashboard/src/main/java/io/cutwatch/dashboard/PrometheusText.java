package io.cutwatch.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Optional;

/**
 * Prometheus text of a registry, when it is (or contains) a {@link PrometheusMeterRegistry}.
 * Loaded only after {@link #available()} said the optional Prometheus registry is on the class path.
 */
final class PrometheusText {
    private static final String REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private PrometheusText() {
    }

    /** Whether micrometer-registry-prometheus is on the class path. */
    static boolean available() {
        try {
            Class.forName(REGISTRY, false, PrometheusText.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The scrape of the first Prometheus registry in {@code registry}, if there is one. */
    static Optional<String> scrape(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p.scrape());
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                Optional<String> s = scrape(r);
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }
}
