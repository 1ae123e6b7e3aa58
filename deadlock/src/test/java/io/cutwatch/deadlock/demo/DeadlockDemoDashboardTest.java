package io.cutwatch.deadlock.demo;

import io.cutwatch.dashboard.DemoDashboard;
import io.cutwatch.dashboard.browser.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DeadlockDemo --dashboard}: the reports page, in a real headless Chromium, draws the
 * deadlocked transactions' cycle with its victim marked, as the demo printed them.
 */
class DeadlockDemoDashboardTest {
    @Test
    void theReportPageDrawsTheCycleWithItsTransactionsAndTheVictimMarked() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread demo = new Thread(() -> DeadlockDemo.run(7, out, DemoDashboard.parse(new String[] {"--dashboard", "0"})),
                "deadlock-demo");
        demo.setDaemon(true);
        demo.start();
        try (Browser browser = Browser.start()) {
            String printed = await().atMost(Duration.ofSeconds(60)).until(() -> bytes.toString(StandardCharsets.UTF_8),
                    s -> s.contains("the dashboard stays at"));
            Matcher url = Pattern.compile("dashboard at (http://\\S+)").matcher(printed);
            assertTrue(url.find(), printed);
            Matcher cycle = Pattern.compile("members \\[([^]]+)]\\n\\s+cycle:.*\\n\\s+victim: (\\S+)").matcher(printed);
            assertTrue(cycle.find(), printed);
            Set<String> members = new TreeSet<>(List.of(cycle.group(1).split(", ")));
            String victim = cycle.group(2);

            browser.open(url.group(1) + "reports?job=deadlock");
            List<WebElement> labels = browser.until(15, w -> {
                List<WebElement> l = browser.all("#result-graph text.node-label");
                return l.isEmpty() ? null : l;
            });
            Set<String> drawn = new TreeSet<>();
            labels.forEach(l -> drawn.add(l.getText()));
            assertEquals(members, drawn, "the drawn graph shows the deadlocked transactions");
            List<WebElement> victims = browser.all("#result-graph circle.victim");
            assertEquals(1, victims.size());
            assertEquals(victim, victims.get(0).getAttribute("data-id"));
            assertEquals(List.of("victim"), browser.all("#result-graph text.badge-label").stream()
                    .map(WebElement::getText).toList());
            assertEquals(members.size(), browser.all("#result-graph path.edge-cycle").size(),
                    "every wait of the cycle is drawn highlighted");
            assertTrue(browser.text("#history-table").contains("FOUND"));
            browser.screenshot("deadlock-report");
        } finally {
            demo.interrupt();
            demo.join(5_000);
        }
    }
}
