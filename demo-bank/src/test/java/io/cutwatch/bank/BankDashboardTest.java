package io.cutwatch.bank;

import io.cutwatch.dashboard.browser.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cutwatch-bank --dashboard --linger --naive} on the simulator, looked at in a real headless
 * Chromium: the conservation chart has one point per snapshot, each on the expected total, with
 * the strawman's chart beside it; a second demo on the same port is refused in one line.
 */
class BankDashboardTest {
    @Test
    void theConservationChartHasOnePointPerSnapshotWithTheNaiveOnesBeside() throws Exception {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        BankDemo demo = new BankDemo(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread run = new Thread(() -> exit.set(BankDemo.commandLine(demo).execute("--simulate", "--branches", "4",
                "--duration", "2s", "--snapshot-every", "100ms", "--naive", "--dashboard", "0", "--linger")), "bank");
        run.setDaemon(true);
        run.start();
        try (Browser browser = Browser.start()) {
            String out = await().atMost(Duration.ofSeconds(60)).until(() -> outBytes.toString(StandardCharsets.UTF_8),
                    s -> s.contains("the dashboard stays at"));
            Matcher url = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:(\\d+)/)").matcher(out);
            assertTrue(url.find(), out);
            long taken = demo.lastReport.snapshots();
            assertTrue(taken >= 10, "snapshots taken " + taken);

            browser.open(url.group(1));
            browser.until(10, w -> browser.text("#completed").equals(Long.toString(taken)));
            List<WebElement> totals = browser.until(10, w -> {
                List<WebElement> p = browser.all("svg.chart[data-job='bank'] circle.point[data-series='total']");
                return p.size() == taken ? p : null;
            });
            List<WebElement> expected = browser.all("svg.chart[data-job='bank'] circle.point[data-series='expected']");
            assertEquals(taken, expected.size(), "one expected point per snapshot");
            for (int i = 0; i < totals.size(); i++) {
                assertEquals(expected.get(i).getAttribute("cy"), totals.get(i).getAttribute("cy"),
                        "snapshot " + totals.get(i).getAttribute("data-snapshot") + " conserves the total");
            }
            long naive = demo.lastReport.naiveSnapshots();
            assertEquals(naive, browser.all("svg.chart[data-job='naive'] circle.point[data-series='total']").size());
            browser.screenshot("bank-conservation");

            ByteArrayOutputStream err2 = new ByteArrayOutputStream();
            int code = BankDemo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err2, true, StandardCharsets.UTF_8), "--simulate", "--duration", "1s",
                    "--dashboard", url.group(2));
            String refused = err2.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, refused);
            assertEquals(1, refused.lines().count(), refused);
            assertTrue(refused.startsWith("cutwatch-bank: --dashboard: cannot start the dashboard on 127.0.0.1:"
                    + url.group(2) + ": the address is already in use"), refused);
        } finally {
            demo.onSignal("SIGTERM");
            run.join(10_000);
        }
        assertEquals(0, exit.get(), "exit status after lingering: " + errBytes.toString(StandardCharsets.UTF_8));
    }
}
