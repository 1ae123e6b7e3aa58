package io.cutwatch.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endurance: the demo as three JVMs on loopback (8 branches: 3, 3 and 2 per JVM, each transferring
 * after a gap of up to 10 ms), a snapshot asked every 50 ms (20 per second) for 70 s. At least
 * 1,000 consecutive snapshots are taken, every one conserves the total, none fails, and at least
 * 95% of the snapshots asked are taken (the rest skipped because the previous one was still in
 * flight), all read from the driver's JSON report. The 95% share is a rate and is checked only when
 * the machine's load average stayed within four times its cores: the three member JVMs and the
 * build alone keep a 2-core machine at a load of about 5 (measured 97.4% taken at 4.8); a machine
 * busy with other work beyond that measures itself, and the test is reported skipped with the share
 * and the load, after every other check passed.
 */
class BankEnduranceTest {
    private final List<Process> jvms = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        jvms.forEach(Process::destroyForcibly);
    }

    private Process jvm(Path log, String... args) throws Exception {
        Process p = DemoJvm.start(log, false, args);
        jvms.add(p);
        return p;
    }

    @Test
    void threeJvmsTakeAThousandConsecutiveConservingSnapshotsAtTwentyPerSecond(@TempDir Path dir) throws Exception {
        String cluster = "bank-endurance-" + UUID.randomUUID().toString().substring(0, 8);
        Path report = dir.resolve("report.json");
        Path driverLog = dir.resolve("driver.log");
        String[] common = {"--branches", "8", "--cluster", cluster, "--duration", "70s", "--snapshot-every", "50ms",
            "--transfer-gap", "10ms"};
        Process driver = jvm(driverLog, concat(common, "--host-branches", "0-2", "--json", report.toString()));
        await("the driver listens").atMost(java.time.Duration.ofSeconds(90)).until(() -> {
            assertTrue(driver.isAlive(), () -> "the driver exited: " + read(driverLog));
            return Files.exists(driverLog) && Files.readString(driverLog).contains("listening on ");
        });
        Matcher at = Pattern.compile("listening on (\\S+);").matcher(Files.readString(driverLog));
        assertTrue(at.find());
        Process second = jvm(dir.resolve("second.log"), concat(common, "--host-branches", "3-5", "--join", at.group(1)));
        Process third = jvm(dir.resolve("third.log"), concat(common, "--host-branches", "6-7", "--join", at.group(1)));
        for (Process p : List.of(driver, second, third)) {
            assertTrue(p.waitFor(240, TimeUnit.SECONDS), () -> "a JVM did not finish: " + read(driverLog));
        }
        String out = read(driverLog);
        System.out.println("endurance: " + out.lines().filter(l -> l.startsWith("  ")).toList());
        assertEquals(0, driver.exitValue(), out);
        assertEquals(0, second.exitValue(), read(dir.resolve("second.log")));
        assertEquals(0, third.exitValue(), read(dir.resolve("third.log")));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        long asked = r.get("snapshotsAsked").asLong();
        long taken = r.get("snapshots").asLong();
        assertEquals(0, r.get("failed").asLong(), () -> "snapshots failed: " + r.get("failures"));
        assertEquals(0, r.get("violations").asLong(), () -> "snapshots violated conservation: "
                + r.get("violationDetails"));
        assertEquals(0, r.get("snapshotsUnfinished").asLong(), out);
        assertTrue(taken >= 1_000, () -> "only " + taken + " snapshots taken of " + asked + " asked");
        assertEquals(asked, taken + r.get("snapshotsSkipped").asLong(), r.toString());
        // The share taken is a rate: on a machine busy with more than these three JVMs it measures
        // the machine. Checked when the load average over the run stayed within four times the cores
        // (this test's three JVMs and the build account for about 2.5 times on 2 cores).
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("endurance: %d of %d asked snapshots taken (%.1f%%), load average %.1f on %d cores%n",
                taken, asked, 100.0 * taken / asked, load, cores);
        Assumptions.assumeTrue(load >= 0 && load <= 4.0 * cores, () -> "the 95% share is not checked: load average "
                + load + " on " + cores + " cores (other work on the machine); taken " + taken + " of " + asked);
        assertTrue(taken >= 0.95 * asked, () -> "only " + taken + " snapshots taken of " + asked + " asked ("
                + r.get("snapshotsSkipped") + " skipped): below 95%");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
