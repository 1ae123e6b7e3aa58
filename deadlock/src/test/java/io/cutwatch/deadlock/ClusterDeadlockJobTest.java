package io.cutwatch.deadlock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.lockservice.LockNode;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockServiceAdapter;
import io.cutwatch.deadlock.lockservice.LockTableView;
import io.cutwatch.deadlock.lockservice.TxStatus;
import io.cutwatch.deadlock.lockservice.TxStep;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.JobMetrics;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.Verdict;
import io.cutwatch.hazelcast.jobs.HazelcastJobDriver;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadlock issue end to end on 3 real Hazelcast members in one JVM: the lock service's
 * processes {@code p0, p1, p2} run one per member; transactions lock across members and form two
 * real deadlocks (a 3-cycle over all members and a 2-cycle over two); a detection job with the
 * {@link DeadlockDetector} is driven by {@link HazelcastJobDriver} (it ticks on one member, here
 * member 0); on a FOUND report the driving member checks each reported cycle against the live lock
 * tables, publishes the victim on a reliable topic, and the member hosting the victim's home aborts
 * it through {@link LockService#abort} (which runs on the home process's thread); every transaction
 * then commits. States ({@link LockTableView}) and lock messages cross the cluster as zero-config
 * Compact records.
 *
 * <p>The deadlocks form deterministically, without timing: each process is held by a gate (a
 * local action waiting on a latch) while the transactions are begun behind it, so every
 * transaction takes its local lock before any remote request can reach that process (a process
 * runs its actions and messages one at a time, in order).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDeadlockJobTest {
    /** Seeds the processes' random sources (the restart back-off); printed in every failure message. */
    static final long SEED = Long.getLong("cutwatch.deadlock.cluster.seed", 11L);
    static final Duration PERIOD = Duration.ofMillis(200);
    static final Duration BOUND = Duration.ofSeconds(20);
    static final Topology TOPOLOGY = Topology.complete("p0", "p1", "p2");

    /** The abort request the driving member publishes; plain record, so zero-config Compact. */
    record VictimAbort(String tx, long snapshotId, String cycle) {
    }

    /** A report with the member whose job produced it. */
    record Seen(int member, Report report) {
    }

    /** An abort carried out, with the member that hosts the victim's home. */
    record Applied(int member, String tx, long snapshotId) {
    }

    List<HazelcastInstance> members = List.of();
    final List<Cutwatch> cutwatches = new ArrayList<>();
    final List<LockService> services = new ArrayList<>();
    final List<DetectionJobs> jobs = new ArrayList<>();
    final Map<String, String> owners = LockService.resources(TOPOLOGY, 2);
    /** Transaction -> home process, for every transaction the test begins (read on the detection thread). */
    final Map<String, String> homeOf = new ConcurrentHashMap<>();

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final List<Applied> applied = new CopyOnWriteArrayList<>();
    /** What went wrong on the detection thread (a listener's exception is only logged by the job). */
    final List<String> problems = new CopyOnWriteArrayList<>();
    /** Every FOUND deadlock, in report order, with its snapshot id. */
    final List<Map.Entry<Long, Deadlock>> found = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startMembers() {
        members = TestMembers.start("cw-deadlock", 3);
    }

    @AfterAll
    void stopMembers() {
        jobs.forEach(DetectionJobs::close);
        cutwatches.forEach(Cutwatch::close);
        CutwatchMembers.terminate(members);
    }

    @Test
    void aScheduledJobFindsTheDeadlocksTheVictimsAreAbortedAndEveryTransactionCommits() throws Exception {
        String ns = "deadlock" + Long.toHexString(System.nanoTime());
        String topicName = "cutwatch." + ns + ".victims";
        for (int i = 0; i < 3; i++) {
            int member = i;
            Cutwatch cw = HazelcastCutwatch.on(members.get(i), TOPOLOGY, HazelcastOptions.defaults(ns).withSeed(SEED));
            cutwatches.add(cw);
            LockService service = LockService.start(cw, owners, LockService.Options.defaults(),
                    List.of(TOPOLOGY.process(i)));
            services.add(service);
            ITopic<VictimAbort> victims = members.get(i).getReliableTopic(topicName);
            victims.addMessageListener(m -> {
                VictimAbort a = m.getMessageObject();
                if (service.homeOf(a.tx()) != null) {      // this member hosts the victim's home
                    applied.add(new Applied(member, a.tx(), a.snapshotId()));
                    service.abort(a.tx());
                }
            });
        }

        await("partitions settled").atMost(BOUND).until(() -> members.get(0).getPartitionService().isClusterSafe());
        String jobName = jobOwnedBy(0);
        List<DetectionJob> js = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int member = i;
            DetectionJobs j = DetectionJobs.on(cutwatches.get(i));
            jobs.add(j);
            j.registry().register(new DeadlockDetector<>(new LockServiceAdapter()));
            DetectionJob job = j.define(jobName).detectors(DeadlockDetector.NAME)
                    .every(PERIOD).snapshotTimeout(Duration.ofSeconds(5))
                    .onReport(r -> onReport(member, r, topicName)).build();
            js.add(job);
            HazelcastJobDriver.on(members.get(i), j).drive(job);
        }
        await("member 0 drives the job").atMost(BOUND).until(() -> js.get(0).metrics().snapshotsTaken() >= 1);

        // Two real deadlocks across members plus a bystander queued behind the first:
        //   t1@p0: r0@p0 then r0@p1   t2@p1: r0@p1 then r0@p2   t3@p2: r0@p2 then r0@p0   (p0 -> p1 -> p2 -> p0)
        //   t4@p0: r1@p0 then r1@p2   t5@p2: r1@p2 then r1@p0                               (p0 <-> p2)
        //   t6@p1: r0@p2 (waits behind t3, and t2, but is in no cycle)
        Map<String, List<TxStep>> plans = new LinkedHashMap<>();
        plan(plans, "t1", "p0", "r0@p0", "r0@p1");
        plan(plans, "t2", "p1", "r0@p1", "r0@p2");
        plan(plans, "t3", "p2", "r0@p2", "r0@p0");
        plan(plans, "t4", "p0", "r1@p0", "r1@p2");
        plan(plans, "t5", "p2", "r1@p2", "r1@p0");
        plan(plans, "t6", "p1", "r0@p2");
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            this.<LockNode>process(TOPOLOGY.process(i)).tell((node, ctx) -> {
                try {
                    if (!gate.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                        problems.add("seed " + SEED + ": the gate of " + node.process() + " was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        plans.forEach((tx, steps) -> services.get(TOPOLOGY.indexOf(homeOf.get(tx))).begin(homeOf.get(tx), tx, steps));
        gate.countDown();

        await("every transaction commits").atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> problems.isEmpty() ? unfinished().isEmpty() : fail());
        int reportsAtCommit = seen.size();
        await("a clean report after everything committed").atMost(BOUND)
                .until(() -> seen.stream().skip(reportsAtCommit).anyMatch(s -> s.report().verdict() == Verdict.CLEAN));
        HazelcastJobDriver.on(members.get(0), jobs.get(0)).stop(jobName);
        await("the last run finished").atMost(BOUND).until(() -> !js.get(0).inFlight());

        String ctx = "seed " + SEED + ", reports " + seen.stream().map(s -> "m" + s.member() + ":"
                + s.report().summary()).toList() + ", aborts " + applied;
        assertEquals(List.of(), problems, ctx);
        for (Seen s : seen) {
            assertEquals(0, s.member(), "only the driving member reports; " + ctx);
            assertTrue(s.report().verdict() != Verdict.FAILED, "failed report " + s.report() + "; " + ctx);
        }
        JobMetrics m = js.get(0).metrics();
        assertEquals(0, m.snapshotsFailed(), "snapshot failures " + m.recentFailures() + "; " + ctx);
        assertEquals(0, js.get(1).metrics().ticks() + js.get(2).metrics().ticks(), "only member 0 ticks; " + ctx);

        // Both cycles were found, each exactly once, each with one victim (the youngest, by the default policy).
        Map<List<String>, List<String>> victimsByCycle = new TreeMap<>(Comparator.comparing(Object::toString));
        for (Map.Entry<Long, Deadlock> e : found) {
            victimsByCycle.computeIfAbsent(e.getValue().members(), k -> new ArrayList<>()).add(e.getValue().victim());
        }
        assertEquals(Map.of(List.of("t1", "t2", "t3"), List.of("t3"), List.of("t4", "t5"), List.of("t5")),
                Map.copyOf(victimsByCycle), "deadlocked sets -> victims chosen; " + ctx);

        // The aborts crossed the cluster: reported on member 0, carried out on member 2 (home of t3 and t5).
        assertEquals(List.of(new Applied(2, "t3", snapshotOf("t3")), new Applied(2, "t5", snapshotOf("t5"))),
                applied.stream().sorted(Comparator.comparing(Applied::tx)).toList(), ctx);
        // Exactly the victims were aborted, once each; everyone committed.
        Map<String, Integer> aborts = new TreeMap<>(NaturalOrder.INSTANCE);
        for (String tx : homeOf.keySet()) {
            LockTableView.Tx t = liveTx(tx);
            assertEquals(TxStatus.COMMITTED, t.status(), tx + "; " + ctx);
            aborts.put(tx, t.aborts());
        }
        assertEquals(Map.of("t1", 0, "t2", 0, "t3", 1, "t4", 0, "t5", 1, "t6", 0), Map.copyOf(aborts), ctx);
        System.out.printf("cluster deadlock job (seed %d): %d reports from member 0, deadlocks %s, victims aborted"
                + " on member 2: %s; every transaction committed%n", SEED, seen.size(), victimsByCycle.keySet(),
                applied.stream().map(Applied::tx).toList());
    }

    /**
     * Runs on the driving member's detection thread, one run at a time. Checks a FOUND report, checks
     * each cycle against the live lock tables, publishes the victim and waits until its home has aborted
     * it, so the job's next snapshot (which starts only after this returns) cannot see the cycle again.
     */
    private void onReport(int member, Report r, String topicName) {
        seen.add(new Seen(member, r));
        if (r.verdict() != Verdict.FOUND) {
            return;
        }
        DeadlockReport report = (DeadlockReport) r.result();
        String where = "seed " + SEED + ", snapshot " + r.snapshotId();
        if (report.victims().size() != report.deadlocks().size() || Set.copyOf(report.victims()).size()
                != report.deadlocks().size()) {
            problems.add(where + ": not one distinct victim per deadlocked set: " + report.summary());
        }
        ITopic<VictimAbort> victims = members.get(member).getReliableTopic(topicName);
        for (Deadlock d : report.deadlocks()) {
            found.add(Map.entry(r.snapshotId(), d));
            if (!d.cycleVertices().contains(d.victim())) {
                problems.add(where + ": victim " + d.victim() + " is not on the cycle " + d.cycleText());
            }
            if (!new TreeSet<>(d.cycleVertices()).equals(new TreeSet<>(d.members()))) {
                problems.add(where + ": one wait per transaction, so the cycle " + d.cycleText()
                        + " should be the whole deadlocked set " + d.members());
            }
            try {
                // A request recorded in transit may still be on its way: the cycle must show up in the
                // live tables soon, and (a deadlock being stable) stay there until the victim is aborted.
                await("cycle " + d.cycleText() + " in the live lock tables").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(10)).until(() -> liveMismatch(d) == null);
                int before = liveTx(d.victim()).aborts();
                victims.publish(new VictimAbort(d.victim(), r.snapshotId(), d.cycleText()));
                await("victim " + d.victim() + " aborted").atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(10)).until(() -> liveTx(d.victim()).aborts() > before);
            } catch (ConditionTimeoutException e) {
                String live = liveMismatch(d);
                problems.add(where + ": " + e.getMessage() + "; live lock tables: "
                        + (live == null ? "the cycle is still there" : live));
            } catch (RuntimeException e) {
                problems.add(where + ": checking " + d.cycleText() + " failed: " + e);
            }
        }
    }

    /** Null if every wait of the cycle holds in the live lock tables; else what does not. */
    private String liveMismatch(Deadlock d) {
        List<String> wrong = new ArrayList<>();
        for (WaitForEdge e : d.cycle()) {
            String owner = owners.get(e.resource());
            LockTableView.Lock lock = live(owner).lock(e.resource());
            if (lock.holder() == null || !lock.holder().tx().equals(e.holder())) {
                wrong.add(e + ": " + e.resource() + " at " + owner + " is held by " + lock.holder());
            }
            if (lock.queue().stream().noneMatch(h -> h.tx().equals(e.waiter()))) {
                wrong.add(e + ": " + e.waiter() + " is not queued for " + e.resource() + " (queue " + lock.queue() + ")");
            }
            LockTableView.Tx w = liveTx(e.waiter());
            if (w.status() != TxStatus.WAITING || !e.resource().equals(w.waitingFor())) {
                wrong.add(e + ": " + e.waiter() + " at its home is " + w);
            }
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    /** The live lock table of {@code process}, read on the process's own thread (on its member). */
    private LockTableView live(String process) {
        CompletableFuture<LockTableView> view = new CompletableFuture<>();
        this.<LockNode>process(process).tell((node, ctx) -> view.complete(node.view()));
        try {
            return view.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("seed " + SEED + ": could not read the live lock table of " + process, e);
        }
    }

    private LockTableView.Tx liveTx(String tx) {
        LockTableView.Tx t = live(homeOf.get(tx)).transactions().get(tx);
        if (t == null) {
            throw new IllegalStateException("seed " + SEED + ": " + tx + " is unknown at its home " + homeOf.get(tx));
        }
        return t;
    }

    private List<String> unfinished() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.addAll(services.get(i).transactions().stream()
                    .filter(tx -> liveTx(tx).status() != TxStatus.COMMITTED).toList());
        }
        return out;
    }

    private boolean fail() {
        throw new AssertionError("seed " + SEED + ": " + problems);
    }

    private long snapshotOf(String victim) {
        return found.stream().filter(e -> e.getValue().victim().equals(victim)).findFirst()
                .map(Map.Entry::getKey).orElse(-1L);
    }

    /** The process hosted on its own member (process {@code pi} runs on member {@code i}). */
    private <S> Process<S> process(String id) {
        return cutwatches.get(TOPOLOGY.indexOf(id)).process(id);
    }

    private void plan(Map<String, List<TxStep>> plans, String tx, String home, String... resources) {
        List<TxStep> steps = new ArrayList<>();
        for (String r : resources) {
            steps.add(TxStep.acquire(r));
        }
        plans.put(tx, steps);
        homeOf.put(tx, home);
    }

    /** A job name whose partition member {@code i} owns, so that member drives the job. */
    private String jobOwnedBy(int i) {
        for (int k = 0; ; k++) {
            String name = "deadlock-watch-" + k;
            if (members.get(i).getPartitionService().getPartition(name).getOwner().localMember()) {
                return name;
            }
        }
    }
}
