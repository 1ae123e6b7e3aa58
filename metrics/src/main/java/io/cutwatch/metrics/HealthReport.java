package io.cutwatch.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cutwatch's health on this member: a status and the reasons for it, worst first. Immutable;
 * serialises to JSON with {@link #toJson()} and back with {@link #fromJson(String)}:
 *
 * <pre>{@code
 * {"status":"DOWN","reasons":[{"check":"processes-lost","status":"DOWN",
 *   "message":"member 5f0c... (127.0.0.1:5703) left the cluster; processes [p2] were hosted there",
 *   "details":{"p2":"member 5f0c... (127.0.0.1:5703) left the cluster; processes [p2] were hosted there"}}]}
 * }</pre>
 *
 * @param status  the worst status of the reasons, UP when there are none
 * @param reasons why the status is not UP, worst first (empty when UP)
 */
public record HealthReport(Status status, List<Reason> reasons) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Health, from best to worst. */
    public enum Status {
        /** Snapshots complete as expected. */
        UP,
        /** Snapshots complete, but not as they should (failures above the threshold). */
        DEGRADED,
        /** Snapshots cannot complete (lost processes, none completed for too long). */
        DOWN
    }

    /**
     * One failed check.
     *
     * @param check   the check's name: {@code processes-lost}, {@code no-recent-snapshot}, {@code failure-rate}
     * @param status  DEGRADED or DOWN
     * @param message what is wrong, in words, naming the parties (a lost member, a job, a rate)
     * @param details the facts behind it (for {@code processes-lost}: process to the reason it was lost)
     */
    public record Reason(String check, Status status, String message, Map<String, String> details) {
        public Reason {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
            details = details == null ? Map.of() : Map.copyOf(details);
        }
    }

    public HealthReport {
        Objects.requireNonNull(status, "status");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** The report of {@code reasons}: the worst of their statuses (UP when empty), worst first. */
    public static HealthReport of(List<Reason> reasons) {
        List<Reason> sorted = reasons.stream()
                .sorted((a, b) -> b.status().compareTo(a.status()))
                .toList();
        Status worst = sorted.isEmpty() ? Status.UP : sorted.get(0).status();
        return new HealthReport(worst, sorted);
    }

    /** This report as one JSON object {@code {"status":..., "reasons":[...]}}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A report read back from {@link #toJson()}. */
    public static HealthReport fromJson(String json) {
        try {
            return JSON.readValue(json, HealthReport.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
