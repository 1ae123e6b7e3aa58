package io.cutwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportJsonTest {
    final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aFoundReportIsPlainJsonWithTheResultsFields() throws Exception {
        TerminationResult result = new TerminationResult(false, 3, List.of("w1"), Map.of("w0->w2", 2));
        Report report = Report.of("watch", 42, "termination", result, Duration.ofNanos(1_234));
        String json = ReportJson.toJson(report);

        JsonNode n = mapper.readTree(json); // what another tool would do
        assertEquals("watch", n.get("job").asText());
        assertEquals(42, n.get("snapshotId").asLong());
        assertEquals("termination", n.get("detector").asText());
        assertEquals("CLEAN", n.get("verdict").asText());
        assertEquals(1_234, n.get("tookNanos").asLong());
        assertEquals(result.summary(), n.get("summary").asText());
        assertEquals(TerminationResult.class.getName(), n.at("/result/type").asText());
        assertFalse(n.at("/result/found").asBoolean());
        assertEquals("w1", n.at("/result/details/activeProcesses/0").asText());
        assertEquals(2, n.at("/result/details/channelsInUse/w0->w2").asInt());
        List<String> fields = new java.util.ArrayList<>();
        n.at("/result/details").fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("terminated", "processes", "activeProcesses", "channelsInUse"), fields,
                "the record's components, nothing else (as docs/detectors.md shows)");
        assertTrue(n.get("failure") == null, json);

        Report back = ReportJson.fromJson(json);
        assertEquals(report.job(), back.job());
        assertEquals(report.snapshotId(), back.snapshotId());
        assertEquals(report.detector(), back.detector());
        assertEquals(report.verdict(), back.verdict());
        assertEquals(report.took(), back.took());
        assertEquals(report.summary(), back.summary());
        JsonResult jr = assertInstanceOf(JsonResult.class, back.result());
        assertEquals(TerminationResult.class.getName(), jr.type());
        // Writing the read-back report gives the same JSON again.
        assertEquals(mapper.readTree(json), mapper.readTree(ReportJson.toJson(back)));
    }

    @Test
    void aFailedReportCarriesTheFailureAndNoResult() throws Exception {
        Report report = Report.failed("watch", 7, "deadlock",
                new Report.Failure("StateViewException", "snapshot 7, process w2: bad state"), Duration.ofMillis(3));
        JsonNode n = mapper.readTree(ReportJson.toJson(report));
        assertEquals("FAILED", n.get("verdict").asText());
        assertEquals("StateViewException", n.at("/failure/type").asText());
        assertEquals("snapshot 7, process w2: bad state", n.at("/failure/message").asText());
        assertTrue(n.get("result") == null);
        assertEquals(report, ReportJson.fromJson(ReportJson.toJson(report)));
    }

    /** A result Jackson cannot serialise (a self-reference) still yields a report. */
    record Cyclic(List<Object> self) implements DetectionResult {
        @Override
        public boolean found() {
            return true;
        }

        @Override
        public String summary() {
            return "cyclic";
        }
    }

    @Test
    void anUnserializableResultIsMarkedInsteadOfFailingTheReport() throws Exception {
        List<Object> list = new java.util.ArrayList<>();
        Cyclic c = new Cyclic(list);
        list.add(c);
        JsonNode n = mapper.readTree(ReportJson.toJson(Report.of("j", 1, "d", c, Duration.ZERO)));
        assertEquals("FOUND", n.get("verdict").asText());
        assertTrue(n.at("/result/details/unserializable").isTextual(), n.toString());
    }

    @Test
    void malformedJsonIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportJson.fromJson("{\"job\":\"j\",\"detector\":\"d\"}"));
        assertTrue(e.getMessage().contains("'snapshotId'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportJson.fromJson(
                "{\"job\":\"j\",\"snapshotId\":1,\"detector\":\"d\",\"verdict\":\"MAYBE\",\"tookNanos\":0}"));
        assertTrue(e.getMessage().contains("MAYBE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportJson.fromJson("{not json"));
        assertTrue(e.getMessage().startsWith("not a JSON report"), e.getMessage());
    }
}
