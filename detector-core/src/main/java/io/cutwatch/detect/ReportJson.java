package io.cutwatch.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * Reports as JSON, for other tools and for the cluster report store.
 *
 * <pre>{@code
 * {"job":"watch","snapshotId":7,"detector":"termination","verdict":"FOUND",
 *  "tookNanos":41200,"summary":"terminated: 5 processes passive, 0 messages in transit",
 *  "result":{"type":"io.cutwatch.detect.TerminationResult","found":true,"details":{...}}}
 * }</pre>
 * A FAILED report has {@code "failure":{"type":..,"message":..}} instead of {@code result}.
 * {@code details} is the result serialised by Jackson (records and beans work without
 * annotations); a result Jackson cannot serialise gets {@code {"unserializable": reason}} instead,
 * so writing a report never fails. Thread-safe (one shared, never reconfigured mapper).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ReportJson() {
    }

    /** The report as a JSON tree. */
    public static ObjectNode toTree(Report report) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("job", report.job());
        n.put("snapshotId", report.snapshotId());
        n.put("detector", report.detector());
        n.put("verdict", report.verdict().name());
        n.put("tookNanos", report.took().toNanos());
        n.put("summary", report.summary());
        if (report.verdict() == Verdict.FAILED) {
            ObjectNode f = n.putObject("failure");
            f.put("type", report.failure().type());
            f.put("message", report.failure().message());
        } else {
            DetectionResult r = report.result();
            ObjectNode res = n.putObject("result");
            if (r instanceof JsonResult j) {
                res.put("type", j.type());
                res.put("found", j.found());
                res.set("details", j.details());
            } else {
                res.put("type", r.getClass().getName());
                res.put("found", r.found());
                res.set("details", details(r));
            }
        }
        return n;
    }

    /** The report as one line of JSON. */
    public static String toJson(Report report) {
        try {
            return MAPPER.writeValueAsString(toTree(report));
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; reaching this is a bug in this class.
            throw new IllegalStateException("cannot write report " + report + " as JSON", e);
        }
    }

    /**
     * Reads a report written by {@link #toJson}. The result comes back as a {@link JsonResult}.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static Report fromJson(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON report: " + e.getOriginalMessage(), e);
        }
        String job = text(n, "job", json);
        long snapshotId = number(n, "snapshotId", json);
        String detector = text(n, "detector", json);
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(text(n, "verdict", json));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JSON report has unknown verdict '" + n.get("verdict").asText()
                    + "' (expected FOUND, CLEAN or FAILED): " + json, e);
        }
        Duration took = Duration.ofNanos(number(n, "tookNanos", json));
        if (verdict == Verdict.FAILED) {
            JsonNode f = field(n, "failure", json);
            return Report.failed(job, snapshotId, detector,
                    new Report.Failure(text(f, "type", json), text(f, "message", json)), took);
        }
        JsonNode r = field(n, "result", json);
        JsonNode found = field(r, "found", json);
        if (!found.isBoolean()) {
            throw new IllegalArgumentException("JSON report field 'result.found' is not a boolean: " + json);
        }
        JsonResult result = new JsonResult(found.booleanValue(), text(n, "summary", json), text(r, "type", json),
                field(r, "details", json));
        return new Report(job, snapshotId, detector, verdict, result, null, took);
    }

    private static JsonNode details(DetectionResult r) {
        try {
            return MAPPER.valueToTree(r);
        } catch (IllegalArgumentException e) {
            ObjectNode u = MAPPER.createObjectNode();
            u.put("unserializable", e.getMessage());
            return u;
        }
    }

    private static JsonNode field(JsonNode n, String name, String json) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("JSON report lacks field '" + name + "': " + json);
        }
        return v;
    }

    private static String text(JsonNode n, String name, String json) {
        JsonNode v = field(n, name, json);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("JSON report field '" + name + "' is not a string: " + json);
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String name, String json) {
        JsonNode v = field(n, name, json);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("JSON report field '" + name + "' is not an integer: " + json);
        }
        return v.longValue();
    }
}
