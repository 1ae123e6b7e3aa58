package io.cutwatch.bank.faults;

import io.cutwatch.bank.faults.MemberJvm.Event;
import io.cutwatch.snapshot.FailureReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of real member JVMs (Linux, root: skipped with the reason otherwise). Three JVMs
 * {@code a}, {@code b}, {@code c}, each one Hazelcast member in a network namespace of its own
 * (joined by veth pairs to a bridge in a "switch" namespace the test creates; addresses exist only
 * inside those namespaces), each hosting two of the bank's six branches; {@code a} takes
 * snapshots back to back and checks every one (see {@link FaultMember}). The fault always hits
 * {@code c}. For every fault: no snapshot completes with a wrong total or an inconsistent cut,
 * every failed snapshot carries its typed reason and names the member or its processes, and the
 * test states what happens after the fault ends. Hazelcast is set to notice a silent member after
 * {@value #NO_HEARTBEAT_SECONDS} s without heartbeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberFaultsTest {
    static final int NO_HEARTBEAT_SECONDS = 8;
    static final long TOTAL = 6 * 1_000;
    static final Set<String> C_BRANCHES = Set.of("b4", "b5");

    private NetworkNamespaces net;
    private final Path dir = Path.of("target", "faults");
    private final List<MemberJvm> jvms = new ArrayList<>();
    private MemberJvm a;
    private MemberJvm b;
    private MemberJvm c;

    @BeforeAll
    void namespaces() throws IOException {
        String why = NetworkNamespaces.unavailable();
        if (why != null) {
            System.out.println("MemberFaultsTest skipped: " + why);
            Assumptions.abort(why);
        }
        net = NetworkNamespaces.create(List.of("a", "b", "c"));
        Files.createDirectories(dir);
    }

    @AfterAll
    void deleteNamespaces() {
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopJvms() {
        jvms.forEach(MemberJvm::close);
        jvms.clear();
    }

    /** Starts a (first, so it is the oldest member), then b and c; returns once a sees every branch hosted. */
    private void startCluster(String test) throws IOException {
        String cluster = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        String peers = String.join(",", net.addresses());
        List<String> props = List.of("-Dhazelcast.heartbeat.interval.seconds=1",
                "-Dhazelcast.max.no.heartbeat.seconds=" + NO_HEARTBEAT_SECONDS,
                "-Dhazelcast.merge.first.run.delay.seconds=5", "-Dhazelcast.merge.next.run.delay.seconds=3");
        Path logs = Files.createDirectories(dir.resolve(test));
        a = MemberJvm.start(net, "a", logs, props, "a", net.address("a"), peers, cluster, "6", "0-1");
        jvms.add(a);
        a.await("READY", e -> true, Duration.ofSeconds(60));
        b = MemberJvm.start(net, "b", logs, props, "b", net.address("b"), peers, cluster, "6", "2-3");
        jvms.add(b);
        c = MemberJvm.start(net, "c", logs, props, "c", net.address("c"), peers, cluster, "6", "4-5");
        jvms.add(c);
        a.await("ALL_HOSTED", e -> e.get("ns").equals("bank-1"), Duration.ofSeconds(60));
    }

    /** Snapshots that a reported for namespace {@code ns}, completed or failed, in order. */
    private List<Event> outcomes(String ns) {
        return a.events().stream().filter(e -> e.kind().startsWith("SNAP_") && e.get("ns").equals(ns)).toList();
    }

    private static List<Event> ok(List<Event> outcomes) {
        return outcomes.stream().filter(e -> e.kind().equals("SNAP_OK")).toList();
    }

    private static List<Event> failed(List<Event> outcomes) {
        return outcomes.stream().filter(e -> e.kind().equals("SNAP_FAIL")).toList();
    }

    /**
     * Every completed snapshot conserves {@code total} and is a consistent cut (every transfer
     * received was sent: sent minus received equals the transfers recorded in flight) over all
     * {@code processes}; every outcome is a completion or a typed failure, never anything else.
     */
    private static void assertHonest(List<Event> outcomes, long total, int processes) {
        for (Event e : outcomes) {
            assertTrue(e.kind().equals("SNAP_OK") || e.kind().equals("SNAP_FAIL"), () -> "untyped outcome: " + e.line());
            if (e.kind().equals("SNAP_OK")) {
                assertEquals(total, e.num("expected"), e.line());
                assertEquals(total, e.num("total"), () -> "a completed snapshot lost or made money: " + e.line());
                assertEquals(e.num("sent") - e.num("received"), e.num("inflight"),
                        () -> "a completed snapshot is not a consistent cut: " + e.line());
                assertEquals(processes, e.num("processes"), e.line());
            } else {
                FailureReason.valueOf(e.get("reason"));
            }
        }
    }

    private static Set<String> processes(Event failure) {
        String p = failure.get("processes");
        return p.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(p.split(",")));
    }

    private static String timeline(List<Event> outcomes) {
        return outcomes.stream().map(e -> e.kind() + " seq=" + e.get("seq") + " begin=" + e.get("begin") + " end=" + e.time()
                + (e.kind().equals("SNAP_FAIL") ? " " + e.get("reason") + " member=" + e.get("member") + " processes="
                + e.get("processes") + " hosts=" + e.get("hosts") : "")).collect(Collectors.joining("\n"));
    }

    private void awaitOk(String ns, long after, int n, Duration atMost) {
        org.awaitility.Awaitility.await("a completes " + n + " snapshots in " + ns + " begun after " + after)
                .atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(outcomes(ns)).stream().filter(e -> e.num("begin") > after).count() >= n);
    }

    /**
     * SIGSTOP of c for three snapshot timeouts (shorter than Hazelcast's heartbeat limit, so c stays
     * a member), then SIGCONT: snapshots in flight meanwhile fail with TIMEOUT naming the processes
     * that did not record, c's among them; after SIGCONT, snapshots resume and conserve.
     */
    @Test
    void aPausedMemberTimesSnapshotsOutAndTheyResumeAfterItContinues() throws Exception {
        startCluster("pause");
        String member = c.await("READY", e -> true, Duration.ofSeconds(1)).get("member");
        a.send("snapshots 1500 20 " + TOTAL);
        awaitOk("bank-1", 0, 10, Duration.ofSeconds(60));
        long paused = System.currentTimeMillis();
        c.pause();
        Thread.sleep(4_500);
        long continued = System.currentTimeMillis();
        c.resume();
        awaitOk("bank-1", continued + 3_000, 20, Duration.ofSeconds(60));
        a.send("stop-snapshots");
        a.await("DONE", e -> e.get("command").equals("stop-snapshots"), Duration.ofSeconds(60));
        List<Event> all = outcomes("bank-1");
        String story = "paused at " + paused + ", continued at " + continued + ":\n" + timeline(all);
        System.out.println("pause: " + story);
        assertHonest(all, TOTAL, 6);
        List<Event> failures = failed(all);
        assertFalse(failures.isEmpty(), "no snapshot failed while c was stopped: " + story);
        for (Event f : failures) {
            assertEquals("TIMEOUT", f.get("reason"), () -> "c never left, yet: " + f.line());
            assertFalse(processes(f).isEmpty(), () -> "a timeout that names no process: " + f.line());
            assertTrue(f.num("begin") >= paused - 1_500 && f.num("begin") <= continued + 3_000,
                    () -> "a snapshot failed outside the pause: " + f.line() + "\n" + story);
        }
        assertTrue(failures.stream().anyMatch(f -> f.get("hosts").contains(member)),
                () -> "no timeout named a process of the stopped member " + member + ": " + story);
        assertTrue(a.events("MEMBERS").stream().noneMatch(e -> e.fields().containsKey("removed")),
                "c was removed from the cluster: " + a.events("MEMBERS"));
        EnumSet<FailureReason> seen = EnumSet.noneOf(FailureReason.class);
        failures.forEach(f -> seen.add(FailureReason.valueOf(f.get("reason"))));
        System.out.printf("pause: %d snapshots completed and conserved, %d failed %s%n", ok(all).size(),
                failures.size(), seen);
    }
}
