/**
 * Micrometer meters for Cutwatch and its health verdict: {@link io.cutwatch.metrics.CutwatchMetrics}
 * (snapshots), {@link io.cutwatch.metrics.JobMeters} (detection jobs),
 * {@link io.cutwatch.metrics.HealthCheck} and {@link io.cutwatch.metrics.HealthReport}. The channel
 * meters of the Hazelcast backend are in {@code io.cutwatch.metrics.hazelcast}.
 */
package io.cutwatch.metrics;
