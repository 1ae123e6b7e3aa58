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
        assertFalse(e.contains("\tat "), e);
    }

    /** A saved snapshot of two branches with the given JSON for balances, in-flight amounts and total. */
    private static String snapshot(String branches, String balances, String inFlight, String total) {
        return "{\"snapshotId\":1,\"branches\":" + branches + ",\"balances\":" + balances
                + (inFlight == null ? "" : ",\"inFlight\":" + inFlight) + ",\"total\":" + total + "}";
    }

    private void assertBadRestore(Path file, String json, String expected) throws Exception {
        Files.writeString(file, json);
        assertBadFlag("--restore: " + file + ": " + expected, "--simulate", "--restore", file.toString());
    }

    @Test
    void restoreRefusesEveryMalformedSnapshotWithOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("snap.json");
        String two = "[\"b0\",\"b1\"]";
        // Balances whose sum overflows a long used to be accepted (a negative total was printed).
        assertBadRestore(f, snapshot(two, "{\"b0\":9223372036854775807,\"b1\":1}", null, "0"),
                "'balances.b1' makes the total overflow a long (at most 9223372036854775807)");
        assertBadRestore(f, snapshot(two, "{\"b0\":92233720368547758070,\"b1\":1}", null, "0"),
                "'balances.b0' must be a non-negative integer of at most 9223372036854775807, got 92233720368547758070");
        // 1.5 used to be truncated to 1.
        assertBadRestore(f, snapshot(two, "{\"b0\":1.5,\"b1\":1}", null, "2"),
                "'balances.b0' must be a non-negative integer of at most 9223372036854775807, got 1.5");
        assertBadRestore(f, snapshot(two, "{\"b0\":\"5\",\"b1\":1}", null, "6"),
                "'balances.b0' must be a non-negative integer of at most 9223372036854775807, got \"5\"");
        assertBadRestore(f, snapshot(two, "{\"b0\":1,\"b1\":1}", "{\"b0->b1\":[1.5]}", "3"),
                "'inFlight.b0->b1[0]' must be a positive integer amount, got 1.5");
        // An inFlight of the wrong shape used to be ignored.
        assertBadRestore(f, snapshot(two, "{\"b0\":1,\"b1\":1}", "[[\"b0->b1\",3]]", "2"),
                "'inFlight' must be an object of channel (from->to) to a list of amounts, got an array");
        assertBadRestore(f, snapshot(two, "{\"b0\":1,\"b1\":1}", "{\"b0->b1\":3}", "2"),
                "'inFlight.b0->b1' must be a list of amounts, got 3");
        // A blank branch id used to give a stack trace.
        assertBadRestore(f, snapshot("[\"b0\",\" \"]", "{\"b0\":1,\" \":1}", null, "2"),
                "'branches[1]' must be a non-blank branch id without white space or '->', got \" \"");
        assertBadRestore(f, snapshot("[\"b0\",7]", "{\"b0\":1,\"7\":1}", null, "2"),
                "'branches[1]' must be a non-blank branch id without white space or '->', got 7");
        // Duplicate ids used to give a misleading message about 'balances'.
        assertBadRestore(f, snapshot("[\"b0\",\"b1\",\"b0\"]", "{\"b0\":1,\"b1\":1}", null, "2"),
                "'branches[2]' repeats branch id 'b0' (also at branches[0])");
        // More branches than the demo allows used to pass the limit.
        StringBuilder ids = new StringBuilder("[");
        StringBuilder bal = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            ids.append(i == 0 ? "" : ",").append("\"b").append(i).append('"');
            bal.append(i == 0 ? "" : ",").append("\"b").append(i).append("\":1");
        }
        assertBadRestore(f, snapshot(ids + "]", bal + "}", null, "300"),
                "'branches' lists 300 branches; the demo runs 2..256");
        assertBadRestore(f, snapshot(two, "{\"b0\":1,\"b1\":1}", null, "2.0"),
                "'total' must be an integer, got 2.0");
        assertBadRestore(f, "{\"snapshotId\":\"x\",\"branches\":" + two + ",\"balances\":{\"b0\":1,\"b1\":1},"
                + "\"total\":2}", "'snapshotId' must be an integer, got \"x\"");
        assertBadRestore(f, snapshot(two, "[1,1]", null, "2"), "'balances' must be an object of branch id to balance");
        assertBadRestore(f, "\u0000\u00ff garbage", "not readable JSON");
    }

    @Test
    void badFlagsExitWithTwoAndOneLine(@TempDir Path dir) throws Exception {
        assertBadFlag("--branches must be 2..256, got 1", "--branches", "1");
        assertBadFlag("--members must be 1..9, got 0", "--members", "0");
        assertBadFlag("'ten' is not a duration", "--duration", "ten");
        assertBadFlag("--snapshot-every must be 10ms..the duration", "--snapshot-every", "5ms");
        assertBadFlag("--transfer-gap must be 1ms..10s, got 11s", "--transfer-gap", "11s");
        assertBadFlag("--transfer-gap must be 1ms..10s", "--transfer-gap", "0ms");
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
    void outputPathsAreCheckedBeforeTheRunStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        // Each of these used to fail only after the whole run, with a stack trace.
        assertBadFlag("--json: " + dir + " is a directory; give a file name (or - for standard output)",
                "--simulate", "--json", dir.toString());
        Path missing = dir.resolve("missing").resolve("report.json");
        assertBadFlag("--json: folder " + missing.getParent() + " does not exist",
                "--simulate", "--json", missing.toString());
        assertBadFlag("--save-snapshots: " + file + " is a file, not a directory",
                "--simulate", "--save-snapshots", file.toString());
        Path under = file.resolve("snapshots");
        assertBadFlag("--save-snapshots: cannot create directory " + under,
                "--simulate", "--save-snapshots", under.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("snapshots taken"), "no run started");
    }

    @Test
    void joinRefusesAnInvalidPortAndAnAddressWhereNothingListens() throws Exception {
        // Used to give a Hazelcast ERROR and a 50-line trace.
        assertBadFlag("--join port must be 1..65535, got 99999 in 127.0.0.1:99999",
                "--join", "127.0.0.1:99999", "--host-branches", "4-7");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        err.reset();
        // Used to start a cluster of its own and say "not every branch was hosted" only after 2 minutes.
        int code = run("--join", "127.0.0.1:" + port, "--host-branches", "4-7", "--join-timeout", "1s",
                "--cluster", "bank-cli-" + java.util.UUID.randomUUID());
        String e = err().strip();
        assertEquals(1, code, e);
        assertTrue(e.startsWith("cutwatch-bank: --join 127.0.0.1:" + port + ": nothing listens there"), e);
        assertTrue(e.contains("start the driving JVM first"), e);
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("Exception") || e.contains("\tat ") || e.contains("ERROR"), e);
        assertBadFlag("--join-timeout must be 1s..10m, got 11m",
                "--join", "127.0.0.1:" + port, "--host-branches", "4-7", "--join-timeout", "11m");
    }

    @Test
    void jsonDashWritesTheReportToStandardOutput(@TempDir Path dir) throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        int code = run("--simulate", "--duration", "1s", "--snapshot-every", "100ms", "--json", "-");
        assertEquals(0, code, err());
        // It used to write a file named '-'; now stdout is the report alone, the table goes to stderr.
        assertFalse(Files.exists(cwd.resolve("-")), "no file named -");
        com.fasterxml.jackson.databind.JsonNode report =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, report.get("violations").asLong());
        assertTrue(err().contains("OK: every snapshot conserved the total"), err());
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
        assertTrue(report.contains("\"snapshotsAsked\" : 19") && report.contains("\"snapshotsSkipped\" : 0")
                && report.contains("\"interrupted\" : false"), report);
        assertTrue(o.contains("snapshots taken / asked      19 / 19 (0 skipped"), o);
        assertTrue(o.contains("from the first transfer to the deadline"), o);
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
