package io.cutwatch.causality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CausalityCliTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CausalityCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path textbook() throws Exception {
        Path f = dir.resolve("textbook.jsonl");
        TraceJson.write(Fixtures.textbook(), f);
        return f;
    }

    @Test
    void statsByDefault() throws Exception {
        Run r = run(textbook().toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("events: 6 (p=3, q=3)"), r.out());
        assertTrue(r.out().contains("level 2: 2 state(s)"), r.out());
        assertTrue(r.out().contains("consistent global states: 12, transitions: 16, levels: 7"), r.out());
    }

    @Test
    void statsStopAtTheStateLimit() throws Exception {
        Run r = run(textbook().toString(), "stats", "--max-states", "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("stopped after level 2: more than 4 consistent global states (5 counted)"), r.out());
    }

    @Test
    void checksACutAndAnOrder() throws Exception {
        String f = textbook().toString();
        Run bad = run(f, "--cut", "1,2");
        assertEquals(1, bad.status());
        assertTrue(bad.out().contains("q1 (inside) receives message 'm' but its send p1 is outside the cut"), bad.out());
        assertEquals(0, run(f, "--cut", "2,1").status());
        Run order = run(f, "--order", "p0,q0,q1,p1,p2,q2");
        assertEquals(1, order.status());
        assertTrue(order.out().startsWith("RUN_NOT_LINEARIZATION: q1 (position 3) receives"), order.out());
        Run good = run(f, "--order", "p0,q0,p1,q1,p2,q2");
        assertEquals(0, good.status());
        assertTrue(good.out().startsWith("LINEARIZATION"), good.out());
        Run unknown = run(f, "--order", "p0,x9");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("position 2 of the order: unknown event 'x9'"), unknown.err());
    }

    @Test
    void writesDotShiVizAndReportsAMark() throws Exception {
        String f = textbook().toString();
        Path dot = dir.resolve("lattice.dot");
        Path log = dir.resolve("trace.log");
        Run r = run(f, "--dot", dot.toString(), "--mark", "p.x=2,q.x=2", "--shiviz", log.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("possibly(p.x=2 and q.x=2) holds: state (2,2)"), r.out());
        String text = Files.readString(dot);
        assertTrue(text.contains("s2_2 [label=\"S22\", style=filled"), text);
        assertEquals(ShiVizExport.toLog(Fixtures.textbook()), Files.readString(log));
    }

    @Test
    void inputErrorsExitWithStatusTwoAndNameTheProblem() throws Exception {
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"processes\":[\"p\"]}\n{\"process\":\"p\",\"kind\":\"LOCAL\"}\n{\"process\":\n");
        Run r = run(broken.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("broken.jsonl: line 3: malformed JSON"), r.err());
        assertEquals(2, run(dir.resolve("missing.jsonl").toString()).status());
        Run usage = run();
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("usage: CausalityCli"), usage.err());
        Run flag = run(textbook().toString(), "--bogus");
        assertEquals(2, flag.status());
        assertTrue(flag.err().contains("unknown argument '--bogus'"), flag.err());
    }

    /** Exit status 2 and exactly one line on stderr containing {@code expected}, no trace. */
    private void assertRefused(Run r, String expected) {
        assertEquals(2, r.status(), r.out() + r.err());
        String e = r.err().strip();
        assertTrue(e.contains(expected), e);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("Error:") || e.contains("\tat "), e);
    }

    @Test
    void refusesANegativeStateLimit() throws Exception {
        // Used to be accepted (and count nothing).
        assertRefused(run(textbook().toString(), "--max-states", "-5"),
                "error: --max-states must be a positive number, got -5");
        assertRefused(run(textbook().toString(), "--max-states", "0"),
                "error: --max-states must be a positive number, got 0");
    }

    @Test
    void refusesAMarkOnAVariableNoEventSets() throws Exception {
        // Used to be accepted (and report that the predicate never holds).
        assertRefused(run(textbook().toString(), "--mark", "p.nope=1"),
                "error: --mark: process p has no variable 'nope' in the trace (its variables: x)");
        assertRefused(run(textbook().toString(), "--mark", "zz.x=1"), "error: --mark: unknown process 'zz'");
    }

    @Test
    void bytesThatAreNotUtf8NameTheFileLineAndByte() throws Exception {
        Path f = dir.resolve("random.jsonl");
        byte[] bytes = "{\"processes\":[\"p\"]}\n{\"process\":\"p\",".getBytes(StandardCharsets.UTF_8);
        byte[] withBad = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        withBad[bytes.length] = (byte) 0xC3;
        withBad[bytes.length + 1] = (byte) 0x28;
        withBad[bytes.length + 2] = (byte) 0xFF;
        Files.write(f, withBad);
        // Used to print "java.nio.charset.MalformedInputException: Input length = 1".
        assertRefused(run(f.toString()), "error: random.jsonl: line 2, byte " + (bytes.length + 1)
                + " of the file: not UTF-8 text (0xC3); a trace is JSON lines in UTF-8");
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        Files.write(f, noise);
        assertRefused(run(f.toString()), "error: random.jsonl: line ");
    }

    @Test
    void refusesShiVizHostNamesThatCollide() throws Exception {
        Path f = dir.resolve("hosts.jsonl");
        Files.writeString(f, "{\"processes\":[\"a b\",\"a_b\"]}\n{\"process\":\"a b\",\"kind\":\"LOCAL\"}\n"
                + "{\"process\":\"a_b\",\"kind\":\"LOCAL\"}\n");
        Path log = dir.resolve("hosts.log");
        // Used to exit 0 with a log ShiViz rejects (both processes became host a_b).
        assertRefused(run(f.toString(), "--shiviz", log.toString()),
                "error: --shiviz: processes 'a b' and 'a_b' would both be ShiViz host 'a_b'");
        assertFalse(Files.exists(log), "nothing written");
    }

    @Test
    void writesTheShiVizUploadFormatWithItsHeader() throws Exception {
        Path log = dir.resolve("upload.log");
        // The paste format alone, uploaded, gave ShiViz's "does not have the necessary named capture groups".
        Run r = run(textbook().toString(), "--shiviz-upload", log.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(ShiVizExport.toFile(Fixtures.textbook()), Files.readString(log));
        assertTrue(r.out().contains("upload it to ShiViz as a file"), r.out());
    }

    @Test
    void refusesATraceWhoseClocksCannotFitInTheHeap() throws Exception {
        Path f = dir.resolve("wide.jsonl");
        int n = 100_000;
        try (java.io.Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"processes\":[");
            for (int i = 0; i < n; i++) {
                w.write((i == 0 ? "\"p" : ",\"p") + i + "\"");
            }
            w.write("]}\n");
            for (int i = 0; i < n; i++) {
                w.write("{\"process\":\"p" + i + "\",\"kind\":\"LOCAL\"}\n");
            }
        }
        // Used to end in an OutOfMemoryError trace after a minute.
        Run r = run(f.toString());
        assertRefused(r, "error: wide.jsonl has 100,000 processes and 100,000 events:");
        assertTrue(r.err().contains("-Xmx"), r.err());
        assertTrue(r.err().contains("fewer processes"), r.err());
    }

    @Test
    void refusesALatticeWalkThatCannotFitInTheHeap() throws Exception {
        Path f = dir.resolve("many.jsonl");
        int n = 2_000;
        try (java.io.Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"processes\":[");
            for (int i = 0; i < n; i++) {
                w.write((i == 0 ? "\"p" : ",\"p") + i + "\"");
            }
            w.write("]}\n");
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < n; i++) {
                    w.write("{\"process\":\"p" + i + "\",\"kind\":\"LOCAL\",\"vars\":{\"x\":" + k + "}}\n");
                }
            }
        }
        Run r = run(f.toString(), "stats", "--max-states", "100000000");
        assertRefused(r, "error: many.jsonl has 2,000 processes and 6,000 events: counting up to 100,000,000 states");
        assertTrue(r.err().contains("--mark"), r.err());
        // The trace itself fits: a conjunctive predicate is answered.
        Run mark = run(f.toString(), "--mark", "p0.x=2,p1.x=2");
        assertEquals(0, mark.status(), mark.err());
    }
}
