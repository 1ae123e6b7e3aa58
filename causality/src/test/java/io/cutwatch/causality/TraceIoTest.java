package io.cutwatch.causality;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceIoTest {
    private static final String HEADER = "{\"processes\":[\"p\",\"q\"],\"initial\":{\"p\":{\"x\":0}}}\n";

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> TraceJson.parse(text)).getMessage();
    }

    @Test
    void readsTheDocumentedFormat() {
        Trace t = TraceJson.parse(HEADER
                + "{\"process\":\"p\",\"kind\":\"local\",\"vars\":{\"x\":1}}\n"
                + "\n"
                + "{\"process\":\"p\",\"index\":1,\"kind\":\"SEND\",\"message\":\"p->q#1\",\"clock\":[2,0],\"payload\":{\"amount\":5}}\n"
                + "{\"process\":\"q\",\"kind\":\"RECEIVE\",\"message\":\"p->q#1\",\"clock\":[2,1],\"vars\":{\"y\":\"got \\\"it\\\"\"}}\n"
                + "{\"process\":\"p\",\"kind\":\"SEND\",\"message\":\"p->q#2\"}\n");
        assertEquals(4, t.eventCount());
        assertEquals(Map.of("amount", 5L), t.message("p->q#1").payload());
        assertEquals("got \"it\"", t.localState(1, 1).get("y"));
        assertEquals(1L, t.localState(0, 3).get("x"), "variables carry over events that do not set them");
        assertEquals(0L, t.localState(0, 0).get("x"));
        assertEquals("q", t.message("p->q#2").to(), "receiver taken from the from->to#seq convention");
        assertEquals(null, t.message("p->q#2").receive());
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumber() {
        // Our part of the message (line, kind of error, column) is pinned; the parser's own wording is not.
        assertTrue(error(HEADER + "{\"process\":\"p\",\"kind\":\"LOCAL\"}\n{\"process\":\"p\",\"kind\":\"LOCAL\"\n")
                .startsWith("line 3: malformed JSON: column 30: "));
        assertTrue(error(HEADER + "\n\n{\"process\":\"r\",\"kind\":\"LOCAL\"}\n")
                .startsWith("line 4: unknown process 'r'; the header declares [p, q]"));
        assertTrue(error(HEADER + "{\"process\":\"p\",\"kind\":\"JUMP\"}\n").startsWith("line 2: unknown kind 'JUMP'"));
        assertTrue(error(HEADER + "{\"process\":\"p\",\"kind\":\"SEND\"}\n").startsWith("line 2: SEND event p0 has no message id"));
        assertTrue(error(HEADER + "{\"process\":\"p\",\"kind\":\"LOCAL\",\"msg\":\"m\"}\n")
                .startsWith("line 2: unknown event field \"msg\"; allowed: [clock, index, kind, message, payload, process, vars]"));
        assertTrue(error(HEADER + "{\"process\":\"p\",\"index\":3,\"kind\":\"LOCAL\"}\n")
                .startsWith("line 2: event of p has index 3 but it is event number 0"));
        assertTrue(error(HEADER + "{\"process\":\"p\",\"kind\":\"LOCAL\",\"clock\":[1]}\n")
                .startsWith("line 2: \"clock\" must be an array of 2 non-negative integers"));
        assertTrue(error("{\"process\":\"p\",\"kind\":\"LOCAL\"}\n").startsWith("line 1: expected the header"));
        assertTrue(error("").startsWith("line 1: no header"));
        assertTrue(error("[1,2]\n").startsWith("line 1: malformed JSON: expected a JSON object"));
    }

    @Test
    void traceErrorsNameTheEventAndItsLine() {
        assertEquals("event q0 (line 2) receives message 'zz' that no event of the trace sends",
                error(HEADER + "{\"process\":\"q\",\"kind\":\"RECEIVE\",\"message\":\"zz\"}\n"));
        assertEquals("event p0 (line 2) was recorded with clock [1, 1] but process order and messages give [1, 0]"
                        + " (an event is missing or out of order; use ClockPolicy.RECOMPUTE to ignore recorded clocks)",
                error(HEADER + "{\"process\":\"p\",\"kind\":\"LOCAL\",\"clock\":[1,1]}\n"));
        assertTrue(error(HEADER
                + "{\"process\":\"p\",\"kind\":\"SEND\",\"message\":\"a\"}\n"
                + "{\"process\":\"p\",\"kind\":\"SEND\",\"message\":\"a\"}\n")
                .startsWith("event p1 (line 3) sends message 'a', which p0 (line 2) already sent"));
        assertTrue(error(HEADER
                + "{\"process\":\"p\",\"kind\":\"RECEIVE\",\"message\":\"b\"}\n"
                + "{\"process\":\"p\",\"kind\":\"SEND\",\"message\":\"a\"}\n"
                + "{\"process\":\"q\",\"kind\":\"RECEIVE\",\"message\":\"a\"}\n"
                + "{\"process\":\"q\",\"kind\":\"SEND\",\"message\":\"b\"}\n")
                .contains("sends and receives form a causal cycle"));
        assertTrue(error(HEADER
                + "{\"process\":\"p\",\"kind\":\"SEND\",\"message\":\"a\"}\n"
                + "{\"process\":\"p\",\"kind\":\"RECEIVE\",\"message\":\"a\"}\n")
                .contains("sent by its own process"));
        // RECOMPUTE ignores the wrong clock
        Trace t = Trace.of(List.of("p"), null, List.of(new TraceEvent("p", 0, 0, EventKind.LOCAL, null,
                io.cutwatch.clock.VectorClock.of(7), null, null)), ClockPolicy.RECOMPUTE);
        assertEquals(io.cutwatch.clock.VectorClock.of(1), t.event("p0").clock());
    }

    @Test
    void eventNamesAreUnambiguousForIdsEndingInDigits() {
        TraceRecorder r = TraceRecorder.create(List.of("n", "n1"));
        for (int k = 0; k < 12; k++) {
            r.local("n", null);
        }
        r.local("n1", null);
        Trace t = r.toTrace();
        assertEquals("n10", t.event("n10").name());
        assertEquals(0, t.event("n10").process());
        assertEquals("n1.0", t.event("n1.0").name());
        assertEquals(1, t.event("n1.0").process());
        assertEquals(0, t.event("n.3").process());
    }

    @Test
    void shiVizLogMatchesItsDefaultParser() {
        Trace t = Fixtures.textbook();
        String log = ShiVizExport.toLog(t);
        // ShiViz's default regular expression, in Java syntax
        Matcher m = Pattern.compile("(?<event>.*)\\n(?<host>\\S*) (?<clock>\\{.*\\})").matcher(log);
        int events = 0;
        while (m.find()) {
            events++;
            @SuppressWarnings("unchecked")
            Map<String, Object> clock = (Map<String, Object>) Json.parse(m.group("clock"));
            TraceEvent e = t.event(m.group("event").split(" ")[0]);
            assertEquals(e.processId(), m.group("host"));
            for (int j = 0; j < t.processCount(); j++) {
                Object v = clock.get(t.processes().get(j));
                assertEquals(e.clock().get(j), v == null ? 0L : (Long) v, m.group());
            }
        }
        assertEquals(6, events, log);
        assertTrue(log.contains("p1 send m {\"x\":2} payload=\"hello\"\np {\"p\":2}\n"), log);
        assertTrue(log.contains("q1 recv m {\"x\":2}\nq {\"p\":2, \"q\":2}\n"), log);
        String file = ShiVizExport.toFile(t);
        assertEquals(ShiVizExport.DEFAULT_REGEX + "\n\n" + log, file);
    }
}
