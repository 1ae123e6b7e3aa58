package io.cutwatch.hazelcast.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.model.Topology;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.InTransitDetector;
import io.cutwatch.detect.JobClock;
import io.cutwatch.detect.JsonResult;
import io.cutwatch.detect.Passivity;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.SnapshotSource;
import io.cutwatch.detect.TerminationDetector;
import io.cutwatch.detect.Verdict;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real members on loopback (no Cutwatch processes) drive one detection job through {@link HazelcastJobDriver}. The
 * snapshot source is a stand-in (each member hands out one-process snapshots whose ids name the
 * member), so the test checks the driver itself: exactly one member ticks the job, and when that
 * member is killed another takes over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterJobFailoverTest {
    static final Duration PERIOD = Duration.ofMillis(400);
    static final long IDS_PER_MEMBER = 1_000_000L;

    record Solo(boolean passive) implements Passivity {
    }

    record Tick(int member, long nanos) {
    }

    final List<HazelcastInstance> members = new ArrayList<>();
    final List<DetectionJobs> jobs = new ArrayList<>();
    final List<ScheduledExecutorService> timers = new ArrayList<>();
    final ConcurrentLinkedQueue<Tick> ticks = new ConcurrentLinkedQueue<>();

    @BeforeAll
    void startCluster() {
        // Cutwatch's member config: loopback only, and Java deserialization refused for anything but
        // the JDK and Hazelcast, which also proves the job task needs no Java serialization.
        members.addAll(TestMembers.startWithFastFailureDetection("cw-jobs", 3));
        for (int i = 0; i < members.size(); i++) {
            HazelcastInstance hz = members.get(i);
            ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor();
            timers.add(t);
            DetectionJobs j = DetectionJobs.using(source(i), JobClock.system(t), t)
                    .reportStore(new IMapReportStore(hz, "failover-reports", 200));
            jobs.add(j);
            DetectionJob job = j.define("failover").processes("solo")
                    .detectors(new TerminationDetector(), new InTransitDetector())
                    .every(PERIOD).snapshotTimeout(PERIOD).build();
            HazelcastJobDriver.on(hz, j).drive(job);
        }
    }

    /** Member {@code i}'s stand-in source: an immediately complete one-process snapshot, ids i*1e6+n. */
    SnapshotSource source(int i) {
        Topology solo = Topology.complete("solo");
        AtomicLong n = new AtomicLong();
        return (initiator, timeout) -> {
            ticks.add(new Tick(i, System.nanoTime()));
            long id = i * IDS_PER_MEMBER + n.incrementAndGet();
            return CompletableFuture.completedFuture(GlobalSnapshot.assemble(id, solo,
                    List.of(new LocalSnapshot<>(id, "solo", (Object) new Solo(true), Map.of(), VectorClock.of(1)))));
        };
    }

    @AfterAll
    void stopCluster() {
        jobs.forEach(DetectionJobs::close);
        CutwatchMembers.terminate(members);
        timers.forEach(ScheduledExecutorService::shutdownNow);
    }

    long taken(int member) {
        return jobs.get(member).job("failover").metrics().snapshotsTaken();
    }

    int memberIndex(Member m) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getLifecycleService().isRunning()
                    && members.get(i).getCluster().getLocalMember().getUuid().equals(m.getUuid())) {
                return i;
            }
        }
        throw new AssertionError("no running member " + m);
    }

    @Test
    void exactlyOneMemberDrivesTheJobAndAnotherTakesOverWhenItIsKilled() {
        await("a member drives the job").atMost(Duration.ofSeconds(30))
                .until(() -> taken(0) + taken(1) + taken(2) >= 3);
        int first = memberIndex(HazelcastJobDriver.on(members.get(0), jobs.get(0)).driver("failover"));
        for (int i = 0; i < 3; i++) {
            assertEquals(i == first, taken(i) > 0, "only the partition owner " + first + " ticks; member " + i
                    + " took " + taken(i));
            assertEquals(i == first, HazelcastJobDriver.on(members.get(i), jobs.get(i)).drivesHere("failover"));
        }
        assertTrue(ticks.stream().allMatch(t -> t.member() == first), "ticks before the kill: " + ticks);
        Report r = jobs.get(first).job("failover").lastReports().get(0);
        assertEquals(Verdict.FOUND, r.verdict(), r.toString());

        long killedAt = System.nanoTime();
        members.get(first).getLifecycleService().terminate();
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(first));

        await("another member takes over").atMost(Duration.ofSeconds(60))
                .until(() -> taken(survivors.get(0)) + taken(survivors.get(1)) >= 3);
        int next = taken(survivors.get(0)) > 0 ? survivors.get(0) : survivors.get(1);
        int other = next == survivors.get(0) ? survivors.get(1) : survivors.get(0);
        assertNotEquals(first, next);
        assertEquals(0, taken(other), "two survivors drive the job at once");
        assertEquals(next, memberIndex(HazelcastJobDriver.on(members.get(other), jobs.get(other)).driver("failover")));

        // The tick timeline switches drivers exactly once: never two members ticking alternately.
        List<Integer> order = ticks.stream().map(Tick::member).distinct().toList();
        assertEquals(List.of(first, next), order, "drivers in tick order");
        long firstTickAfter = ticks.stream().filter(t -> t.member() == next).mapToLong(Tick::nanos).min().orElseThrow();
        System.out.printf("job driver %d killed; member %d took over after %d ms (period %d ms)%n", first, next,
                (firstTickAfter - killedAt) / 1_000_000, PERIOD.toMillis());

        // The shared history holds both drivers' reports, readable from any survivor.
        List<Report> history = jobs.get(other).reports().recent(200);
        assertTrue(history.stream().anyMatch(h -> h.snapshotId() / IDS_PER_MEMBER == first), "killed driver's reports");
        assertTrue(history.stream().anyMatch(h -> h.snapshotId() / IDS_PER_MEMBER == next), "new driver's reports");
        for (Report h : history) {
            assertEquals("failover", h.job());
            assertInstanceOf(JsonResult.class, h.result());
        }

        // Stopping from a member that does not drive disposes the task cluster-wide: the driver's
        // own job object is still running, yet it is ticked no more.
        HazelcastJobDriver.on(members.get(other), jobs.get(other)).stop("failover");
        assertTrue(jobs.get(other).job("failover").stopped());
        assertTrue(!jobs.get(next).job("failover").stopped());
        long[] last = {-1};
        await("no more ticks after stop").atMost(Duration.ofSeconds(20)).pollInterval(PERIOD.multipliedBy(3))
                .until(() -> {
                    long now = jobs.get(next).job("failover").metrics().ticks();
                    boolean unchanged = now == last[0];
                    last[0] = now;
                    return unchanged;
                });
    }

    @Test
    void misuseOfTheDriverIsRefused() {
        HazelcastInstance hz = members.stream().filter(m -> m.getLifecycleService().isRunning()).findFirst()
                .orElseThrow();
        int i = members.indexOf(hz);
        HazelcastJobDriver driver = HazelcastJobDriver.on(hz, jobs.get(i));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HazelcastJobDriver.on(hz, DetectionJobs.using((a, b) -> new CompletableFuture<>(),
                        JobClock.system(timers.get(i)), Runnable::run)));
        assertTrue(e.getMessage().contains("already has a HazelcastJobDriver"), e.getMessage());

        DetectionJob selfTimed = jobs.get(i).define("self-timed-" + i).processes("solo")
                .detectors(new InTransitDetector()).every(Duration.ofHours(1)).start();
        e = assertThrows(IllegalStateException.class, () -> driver.drive(selfTimed));
        assertTrue(e.getMessage().contains("started with start()"), e.getMessage());
        selfTimed.stop();

        DetectionJob foreign = DetectionJobs.using((a, b) -> new CompletableFuture<>(), JobClock.system(timers.get(i)),
                Runnable::run).define("foreign").processes("solo").detectors(new InTransitDetector())
                .every(Duration.ofHours(1)).build();
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> driver.drive(foreign));
        assertTrue(iae.getMessage().contains("not defined by this member"), iae.getMessage());
    }

    @Test
    void theSharedReportHistoryIsBoundedAndOrderedAcrossMembers() {
        List<HazelcastInstance> live = members.stream().filter(m -> m.getLifecycleService().isRunning()).toList();
        assertTrue(live.size() >= 2, "need two live members, have " + live.size());
        IMapReportStore a = new IMapReportStore(live.get(0), "bounded-reports", 5);
        IMapReportStore b = new IMapReportStore(live.get(1), "bounded-reports", 5);
        for (long id = 1; id <= 12; id++) {
            // Members take turns. Across members the order is the clock's (ties within one millisecond
            // are broken by member id), so each add waits for the next millisecond.
            (id % 2 == 0 ? b : a).add(Report.of("shared", id, "in-transit",
                    new InTransitDetector.Count((int) id), Duration.ofNanos(id)));
            long added = System.currentTimeMillis();
            await("next millisecond").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > added);
        }
        List<Report> fromA = a.recent(100);
        assertEquals(5, a.size());
        assertEquals(5, a.map().size(), "entries beyond the capacity are removed");
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), fromA.stream().map(Report::snapshotId).toList());
        assertEquals(fromA, b.recent(100), "both members read the same history");
        assertEquals(List.of(11L, 12L), b.recent(2).stream().map(Report::snapshotId).toList());
        Report last = fromA.get(4);
        assertEquals(Verdict.FOUND, last.verdict());
        assertEquals("12 messages in transit", last.summary());
        assertEquals(12, last.result() instanceof JsonResult j ? j.details().get("messages").asInt() : -1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IMapReportStore(live.get(0), "bad", 0));
        assertTrue(e.getMessage().contains("capacity must be positive") && e.getMessage().contains("bad"),
                e.getMessage());
    }
}
