package io.cutwatch.dashboard;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.dashboard.browser.Browser;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.TokenApp;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.SnapshotFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overview in a real headless Chromium: what a person sees. Each test saves a screenshot
 * under {@code target/screenshots/}.
 */
class DashboardBrowserTest {
    static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static long shown(String id) {
        String t = browser.text("#" + id);
        return t.matches("\\d+") ? Long.parseLong(t) : -1;
    }

    @Test
    void theSnapshotCountOnTheOverviewRisesWithoutAReload() throws Exception {
        try (LiveSimulation live = new LiveSimulation(5, 4, 6, 5);
             CutwatchDashboard d = CutwatchDashboard.start(live.cw, null, DashboardOptions.defaults().withPort(0)
                     .withRefresh(Duration.ofMillis(200)))) {
            live.start();
            browser.open(d.url().toString());
            browser.until(10, w -> shown("completed") >= 1);
            browser.script("window.notReloaded = true;");
            long first = shown("completed");
            browser.until(20, w -> shown("completed") >= first + 3);
            assertEquals(Boolean.TRUE, browser.script("return window.notReloaded === true;"),
                    "the page was reloaded: the count must rise through the event stream");
            assertTrue(browser.text("#live").startsWith("live"), browser.text("#live"));
            long dots = browser.all("#timeline-svg .snap-ok").size();
            assertTrue(dots >= first + 3, "timeline shows " + dots + " completed snapshots");
            assertEquals("UP", browser.text("#health-status"));
            Path shot = browser.screenshot("overview-live");
            assertTrue(Files.size(shot) > 20_000, "screenshot too small to show a page: " + Files.size(shot));
        }
    }

    @Test
    void aMemberKilledMidRunAppearsAsFailedSnapshotsNamingTheMember() throws Exception {
        List<HazelcastInstance> members = TestMembers.start("cw-dash-loss", 2);
        List<Cutwatch> cws = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch gate = new CountDownLatch(1);
        CutwatchDashboard d = null;
        try {
            long seed = TestMembers.seed("DashboardBrowserTest");
            Topology topology = Topology.complete("p0", "p1", "p2");
            HazelcastOptions options = HazelcastOptions.defaults("dash-" + Long.toHexString(seed)).withThreads(2)
                    .withSeed(seed);
            for (HazelcastInstance m : members) {
                cws.add(HazelcastCutwatch.on(m, topology, options));
            }
            TokenApp.start(cws.get(0), "p0", 1_000, Integer.MAX_VALUE, Duration.ofMillis(5), running::get);
            TokenApp.start(cws.get(0), "p1", 1_000, Integer.MAX_VALUE, Duration.ofMillis(5), running::get);
            TokenApp.start(cws.get(1), "p2", 1_000, Integer.MAX_VALUE, Duration.ofMillis(5), running::get);
            d = CutwatchDashboard.start(cws.get(0), null, DashboardOptions.defaults().withPort(0)
                    .withRefresh(Duration.ofMillis(200)));
            for (int i = 0; i < 3; i++) {
                cws.get(0).snapshots().initiate("p0", Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
            }
            HazelcastInstance doomed = members.get(1);
            String doomedUuid = doomed.getCluster().getLocalMember().getUuid().toString();
            // p2 is busy, so the next snapshot is still in flight when its member dies.
            cws.get(1).<TokenApp.Tokens>process("p2").tell((s, ctx) -> {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<?> inFlight = cws.get(0).snapshots().initiate("p0", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(10)).until(() -> cws.get(0).process("p0").stats().markersSent() >= 2);
            browser.open(d.url().toString());
            browser.until(10, w -> shown("completed") == 3);
            // The stall, explained before the member dies: p2 (on the other member) has no marker
            // processed, and envelopes wait unprocessed on a channel into it.
            String stall = browser.until(15, w -> {
                // Read in the page in one step: the table is redrawn at every refresh.
                Object rows = browser.script("var b = document.querySelector('#inflight-table tbody');"
                        + " return b && b.rows.length === 1 ? b.innerText : null;");
                String r = rows == null ? "" : rows.toString();
                return r.contains("p2: no marker yet")
                        && r.matches("(?s).*p[01]->p2: \\d+ queued, [1-9]\\d* unprocessed.*") ? r : null;
            });
            assertTrue(stall.contains("p0: p2->p0") && stall.contains("p1: p2->p1"),
                    "p0 and p1 await p2's markers: " + stall);
            browser.screenshot("overview-stall");
            CutwatchMembers.terminate(List.of(doomed));
            gate.countDown();
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> inFlight.get(30, TimeUnit.SECONDS));
            SnapshotFailedException f = assertInstanceOf(SnapshotFailedException.class, e.getCause());
            assertEquals(FailureReason.MEMBER_LOST, f.failure().reason());
            // A later snapshot fails at once: p2 went with its member.
            CompletableFuture<?> after = cws.get(0).snapshots().initiate("p0", Duration.ofSeconds(5));
            org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> after.get(30, TimeUnit.SECONDS));

            List<WebElement> rows = browser.until(15, w -> {
                List<WebElement> r = browser.all("#failures-table tr.failure");
                return r.size() >= 2 ? r : null;
            });
            WebElement memberLost = rows.stream().filter(r -> r.getText().contains("MEMBER_LOST")).findFirst()
                    .orElseThrow(() -> new AssertionError("no MEMBER_LOST row among " + rows.size() + " failures"));
            assertTrue(memberLost.getText().contains(doomedUuid), "the failure names the member: " + memberLost.getText());
            assertTrue(shown("failed") >= 2, "failed count " + shown("failed"));
            String lost = browser.text("#lost");
            assertTrue(lost.contains("p2") && lost.contains(doomedUuid), "lost processes: " + lost);
            assertEquals("DOWN", browser.text("#health-status"));
            browser.screenshot("overview-member-lost");
        } finally {
            gate.countDown();
            running.set(false);
            if (d != null) {
                d.close();
            }
            for (Cutwatch cw : cws) {
                cw.close();
            }
            CutwatchMembers.terminate(members);
        }
    }
}
