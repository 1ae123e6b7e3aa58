package io.cutwatch.causality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
