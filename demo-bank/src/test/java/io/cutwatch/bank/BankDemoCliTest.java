package io.cutwatch.bank;

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

/** The command line: bad flags give one line naming the flag and range, exit 2; a good run prints the table. */
class BankDemoCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BankDemo.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertBadFlag(String expected, String... args) {
        err.reset();
        assertEquals(2, run(args), String.join(" ", args));
        String e = err().strip();
        assertTrue(e.contains(expected), e);
        assertEquals(1, e.lines().count(), "one line, no stack trace: " + e);
        assertFalse(e.contains("Exception"), e);
    }

    @Test
    void badFlagsExitWithTwoAndOneLine(@TempDir Path dir) throws Exception {
        assertBadFlag("--branches must be 2..256, got 1", "--branches", "1");
        assertBadFlag("--members must be 1..9, got 0", "--members", "0");
        assertBadFlag("'ten' is not a duration", "--duration", "ten");
        assertBadFlag("--snapshot-every must be 10ms..the duration", "--snapshot-every", "5ms");
        assertBadFlag("--branches", "--branches", "x");
        assertBadFlag("Unknown option: '--bogus'", "--bogus");
        assertBadFlag("--restore: cannot read", "--restore", dir.resolve("none.json").toString());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"snapshotId\":1,\"branches\":[\"b0\",\"b1\"],\"balances\":{\"b0\":5,\"b1\":5},"
                + "\"inFlight\":{\"b0->b9\":[3]},\"total\":13}");
        assertBadFlag("'inFlight.b0->b9' is not a channel between two listed branches", "--restore", bad.toString());
        Files.writeString(bad, "{\"snapshotId\":1,\"branches\":[\"b0\",\"b1\"],\"balances\":{\"b0\":5,\"b1\":5},"
                + "\"total\":11}");
        assertBadFlag("'total' is 11 but balances and in-flight amounts add up to 10", "--restore", bad.toString());
    }

    @Test
    void simulatedRunPrintsTheTableAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        int code = run("--simulate", "--duration", "2s", "--snapshot-every", "100ms", "--naive",
                "--json", json.toString(), "--seed", "5");
        String o = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, o + err());
        assertTrue(o.contains("conservation violations      0"), o);
        assertTrue(o.contains("naive snapshots violating"), o);
        assertTrue(o.contains("OK: every snapshot conserved the total"), o);
        String report = Files.readString(json);
        assertTrue(report.contains("\"violations\" : 0") && report.contains("\"naiveViolations\""), report);
    }

    @Test
    void helpListsEveryOption() {
        assertEquals(0, run("--help"));
        String o = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--branches", "--members", "--duration", "--snapshot-every", "--seed",
                "--json", "--naive", "--save-snapshots", "--restore"}) {
            assertTrue(o.contains(flag), flag + " missing from --help:\n" + o);
        }
        assertTrue(o.contains("default 8"), o);
    }
}
