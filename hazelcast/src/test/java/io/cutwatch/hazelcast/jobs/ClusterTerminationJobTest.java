package io.cutwatch.hazelcast.jobs;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.Passivity;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.TerminationDetector;
import io.cutwatch.detect.Verdict;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.sim.ExecutionLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on 3 real members: Cutwatch processes on two of them pass a token around a ring, a
 * termination-detection job is driven by the third; the test kills that driver, checks a
 * survivor takes over and keeps reporting "running", then lets the computation end and checks the
 * new driver reports termination, never before it happened (against the recorded event log).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTerminationJobTest {
    static final Duration HOP = Duration.ofMillis(15);
    static final Duration PERIOD = Duration.ofMillis(300);

    /** The recorded state: active while it holds the token. */
    record RelayState(int holding) implements Passivity {
        @Override
        public boolean passive() {
            return holding == 0;
        }
    }

    record Token(long hops) {
    }

    static final class Relay {
        int holding;

        RelayState copy() {
            return new RelayState(holding);
        }
    }

    /** A report with the member that produced it. */
    record Seen(int member, Report report) {
    }

    List<HazelcastInstance> members;
    final List<Cutwatch> cutwatches = new ArrayList<>();
    final List<DetectionJobs> jobs = new ArrayList<>();

    @BeforeAll
    void startMembers() {
        members = TestMembers.startWithFastFailureDetection("cw-detect", 3);
    }

    @AfterAll
    void stopMembers() {
        jobs.forEach(DetectionJobs::close);
        for (Cutwatch cw : cutwatches) {
            try {
                cw.close();
            } catch (RuntimeException e) {
                // the killed member's Cutwatch cannot reach its instance any more; nothing to release
                org.slf4j.LoggerFactory.getLogger(getClass()).debug("close after kill: {}", e.toString());
            }
        }
        CutwatchMembers.terminate(members);
    }

    static void hold(Relay r, Token t, Context ctx, AtomicBoolean keepGoing) {
        r.holding++;
        ctx.schedule(HOP, () -> {
            r.holding--;
            if (keepGoing.get()) {
                ctx.send(ctx.neighbours().get(0), new Token(t.hops() + 1));
            }
        });
    }

    @Test
    void aSurvivorTakesOverTheJobAndReportsTerminationOnlyAfterItHappened() {
        Topology ring = Topology.ring(Topology.ids("p", 4));
        ExecutionLog log = new ExecutionLog(ring);
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        Map<Long, Map<String, Long>> cutOf = new ConcurrentHashMap<>();
        String ns = "detect" + Long.toHexString(System.nanoTime());
        for (HazelcastInstance m : members) {
            Cutwatch cw = HazelcastCutwatch.on(m, ring, HazelcastOptions.defaults(ns)).onEvent(log);
            cw.snapshots().onSnapshot(s -> {
                Map<String, Long> own = new HashMap<>();
                for (String p : ring.processes()) {
                    own.put(p, s.frontier().get(p).get(ring.indexOf(p)));
                }
                cutOf.put(s.id(), own);
            });
            cutwatches.add(cw);
        }
        // p0, p2 on member 0; p1, p3 on member 1; member 2 hosts no process and will drive the job.
        for (int i = 0; i < ring.size(); i++) {
            String id = ring.process(i);
            var b = cutwatches.get(i % 2).process(id, new Relay()).capture(Relay::copy)
                    .onMessage((r, from, payload, ctx) -> hold(r, (Token) payload, ctx, keepGoing));
            if (i == 0) {
                b.onStart((r, ctx) -> hold(r, new Token(0), ctx, keepGoing));
            }
            b.start();
        }

        await("partitions settled").atMost(Duration.ofSeconds(30))
                .until(() -> members.get(2).getPartitionService().isClusterSafe());
        String jobName = null;
        for (int i = 0; jobName == null; i++) {
            if (members.get(2).getPartitionService().getPartition("e2e-" + i).getOwner().localMember()) {
                jobName = "e2e-" + i;
            }
        }
        List<Seen> seen = new CopyOnWriteArrayList<>();
        List<DetectionJob> js = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int member = i;
            DetectionJobs j = DetectionJobs.on(cutwatches.get(i))
                    .reportStore(new IMapReportStore(members.get(i), "e2e-reports", 500));
            jobs.add(j);
            DetectionJob job = j.define(jobName).detectors(TerminationDetector.NAME)
                    .every(PERIOD).snapshotTimeout(Duration.ofSeconds(3))
                    .onReport(r -> seen.add(new Seen(member, r))).build();
            js.add(job);
            HazelcastJobDriver.on(members.get(i), j).drive(job);
        }

        await("member 2 drives").atMost(Duration.ofSeconds(30)).until(() -> js.get(2).metrics().snapshotsTaken() >= 2);
        assertTrue(HazelcastJobDriver.on(members.get(2), jobs.get(2)).drivesHere(jobName));
        assertEquals(0, js.get(0).metrics().ticks() + js.get(1).metrics().ticks(), "only member 2 ticks");

        members.get(2).getLifecycleService().terminate();
        await("a survivor takes over").atMost(Duration.ofSeconds(60))
                .until(() -> js.get(0).metrics().snapshotsTaken() + js.get(1).metrics().snapshotsTaken() >= 2);
        int next = js.get(0).metrics().ticks() > 0 ? 0 : 1;
        assertEquals(0, js.get(1 - next).metrics().ticks(), "both survivors tick");

        keepGoing.set(false);
        await("termination reported").atMost(Duration.ofSeconds(60))
                .until(() -> js.get(next).metrics().lastVerdicts().get(TerminationDetector.NAME) == Verdict.FOUND);
        // Stop the driver and let its last run deliver, so the reports seen and the shared history are final.
        HazelcastJobDriver.on(members.get(next), jobs.get(next)).stop(jobName);
        await("the new driver's last run delivered").atMost(Duration.ofSeconds(60))
                .until(() -> !js.get(next).inFlight());
        Map<String, Long> all = new HashMap<>();
        for (String p : ring.processes()) {
            all.put(p, (long) log.events(p).size());
        }

        boolean foundSeen = false;
        for (Seen s : seen) {
            Report r = s.report();
            assertNotEquals(Verdict.FAILED, r.verdict(), r.toString());
            Map<String, Long> cut = cutOf.get(r.snapshotId());
            boolean cutHasEverything = all.equals(cut);
            assertEquals(cutHasEverything, r.verdict() == Verdict.FOUND, "snapshot " + r.snapshotId() + " by member "
                    + s.member() + ": " + r + "; cut " + cut + ", run " + all);
            if (s.member() == 2) {
                assertEquals(Verdict.CLEAN, r.verdict(), "the killed driver ran before termination");
            } else {
                assertEquals(next, s.member(), "reports by a member that does not drive");
            }
            assertTrue(!foundSeen || r.verdict() == Verdict.FOUND, "CLEAN after FOUND: termination is stable");
            foundSeen |= r.verdict() == Verdict.FOUND;
        }
        assertTrue(seen.stream().anyMatch(s -> s.member() == next && s.report().verdict() == Verdict.CLEAN),
                "the new driver saw the computation running before it ended");
        List<Long> history = jobs.get(next).reports().recent(500).stream().map(Report::snapshotId).toList();
        Set<Long> seenIds = seen.stream().map(s -> s.report().snapshotId()).collect(Collectors.toSet());
        assertEquals(seen.size(), seenIds.size(), "one report per snapshot");
        assertEquals(history.size(), new HashSet<>(history).size(), "a report stored twice: " + history);
        // A report is stored before its listeners run, so the history never holds one nobody saw.
        assertTrue(seenIds.containsAll(history), "history " + history + " vs reports seen " + seenIds);
        for (Seen s : seen) {
            if (s.member() == next) {
                assertTrue(history.contains(s.report().snapshotId()), "the new driver's report missing from the "
                        + "shared history: " + s.report() + "; history " + history);
            }
        }
        // The killed driver may have been terminated while storing its last report (the write refused, the
        // listener still ran): that one report, and no other, may be missing.
        List<Long> killedIds = seen.stream().filter(s -> s.member() == 2).map(s -> s.report().snapshotId()).toList();
        List<Long> lostFromKilled = killedIds.stream().filter(id -> !history.contains(id)).toList();
        assertTrue(lostFromKilled.isEmpty() || lostFromKilled.equals(List.of(killedIds.get(killedIds.size() - 1))),
                "reports of the killed driver missing from the shared history: " + lostFromKilled
                        + " of " + killedIds);
    }
}
