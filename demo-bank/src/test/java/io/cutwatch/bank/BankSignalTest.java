package io.cutwatch.bank;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C and SIGTERM on a real demo JVM (one Hazelcast member on loopback, a unique cluster
 * name): the run stops, the table so far is printed, the JSON report is written, exit 130.
 */
class BankSignalTest {
    private static final List<Process> JVMS = new ArrayList<>();

    @AfterAll
    static void killLeftovers() {
        JVMS.forEach(Process::destroyForcibly);
    }

    /**
     * A demo JVM. With {@code restoreSigint}, started through {@code env --default-signal=INT}:
     * a JVM started in the background by a non-interactive shell inherits SIGINT ignored.
     */
    private static Process jvm(Path log, boolean restoreSigint, String... args) throws Exception {
        Process p = DemoJvm.start(log, restoreSigint, args);
        JVMS.add(p);
        return p;
    }

    private static boolean envRestoresSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void stopsWith(Path dir, String signal, boolean restoreSigint) throws Exception {
        Path log = dir.resolve("run.log");
        Path report = dir.resolve("report.json");
        Process p = jvm(log, restoreSigint, "--members", "1", "--branches", "4", "--duration", "10m",
                "--snapshot-every", "100ms", "--json", report.toString());
        await("the first progress line").atMost(Duration.ofSeconds(90)).until(() -> {
            assertTrue(p.isAlive(), () -> "the JVM exited early:\n" + read(log));
            return read(log).contains("| transfers");
        });
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not stop after SIG" + signal + ":\n" + read(log));
        String text = read(log);
        // It used to exit at once (130/143) with no table and no report.
        assertEquals(130, p.exitValue(), text);
        assertTrue(text.contains("cutwatch-bank: SIG" + signal + ": stopping; the table so far follows"), text);
        assertTrue(text.contains("(stopped early by SIG" + signal + ": the figures so far)"), text);
        assertTrue(text.contains("snapshots taken / asked"), text);
        assertTrue(text.contains("from the first transfer to the stop"), text);
        assertTrue(text.contains("STOPPED: every snapshot so far conserved the total"), text);
        assertFalse(text.contains("\tat "), text);
        String json = Files.readString(report);
        assertTrue(json.contains("\"interrupted\" : true") && json.contains("\"violations\" : 0"), json);
    }

    @Test
    void sigtermPrintsTheTableSoFarWritesTheReportAndExits130(@TempDir Path dir) throws Exception {
        stopsWith(dir, "TERM", false);
    }

    @Test
    void sigintDoesTheSame(@TempDir Path dir) throws Exception {
        boolean viaEnv = envRestoresSigint();
        if (!viaEnv) {
            System.out.println("BankSignalTest: env --default-signal is not available; SIGINT sent as inherited");
        }
        stopsWith(dir, "INT", viaEnv);
    }
}
