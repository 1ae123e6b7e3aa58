package io.cutwatch.deadlock.lockservice;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.DeadlockDetector;
import io.cutwatch.deadlock.DeadlockReport;
import io.cutwatch.deadlock.WaitChain;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitKind;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.model.Topology;
import io.cutwatch.process.Process;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deadlock that only a wait on a request queued ahead closes, on 3 real Hazelcast members in
 * one JVM ({@code p0, p1, p2} one per member; shared locks and lock messages cross the cluster as
 * zero-config Compact records). {@code t1@p0} holds {@code r0@p0} shared and asks {@code r0@p1};
 * {@code t2@p0} queues for {@code r0@p0} exclusive; {@code t3@p1} holds {@code r0@p1} and queues
 * for {@code r0@p0} shared behind {@code t2}; {@code t4@p2} queues for {@code r0@p0} shared too,
 * blocked without being a member. The order is forced without timing, as in the other cluster
 * test: every process is held at a gate while the transactions are begun behind it.
 *
 * <p>One snapshot of the deadlocked cluster is read by both adapters: holder waits only find
 * nothing; with queued-ahead waits the report names {@code t1, t2, t3} with victim {@code t3},
 * each of the cycle's waits is checked against the live lock tables, and aborting {@code t3} on
 * the member that hosts its home lets every transaction commit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterQueuedAheadDeadlockTest {
    static final long SEED = Long.getLong("cutwatch.deadlock.cluster.seed", 11L);
    static final Duration BOUND = Duration.ofSeconds(20);
    static final Topology TOPOLOGY = Topology.complete("p0", "p1", "p2");

    List<HazelcastInstance> members = List.of();
    final List<Cutwatch> cutwatches = new ArrayList<>();
    final List<LockService> services = new ArrayList<>();
    final Map<String, String> owners = LockService.resources(TOPOLOGY, 1);
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startMembers() {
        members = TestMembers.start("cw-fifo", 3);
    }

    @AfterAll
    void stopMembers() {
        cutwatches.forEach(Cutwatch::close);
        CutwatchMembers.terminate(members);
    }

    @Test
    void theQueuedAheadDeadlockIsFoundOnlyWithTheOptionAndAbortingItsVictimLetsEveryoneCommit() throws Exception {
        String ns = "fifo" + Long.toHexString(System.nanoTime());
        for (int i = 0; i < 3; i++) {
            Cutwatch cw = HazelcastCutwatch.on(members.get(i), TOPOLOGY, HazelcastOptions.defaults(ns).withSeed(SEED));
            cutwatches.add(cw);
            services.add(LockService.start(cw, owners, LockService.Options.defaults(), List.of(TOPOLOGY.process(i))));
        }
        await("partitions settled").atMost(BOUND).until(() -> members.get(0).getPartitionService().isClusterSafe());

        CountDownLatch gate = new CountDownLatch(1);
        for (String p : TOPOLOGY.processes()) {
            this.<LockNode>process(p).tell((node, ctx) -> {
                try {
                    if (!gate.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                        problems.add("the gate of " + node.process() + " was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        services.get(0).begin("p0", "t1", List.of(TxStep.acquireShared("r0@p0"), TxStep.acquire("r0@p1")));
        services.get(0).begin("p0", "t2", List.of(TxStep.acquire("r0@p0")));
        services.get(1).begin("p1", "t3", List.of(TxStep.acquire("r0@p1"), TxStep.acquireShared("r0@p0")));
        services.get(2).begin("p2", "t4", List.of(TxStep.acquireShared("r0@p0")));
        gate.countDown();

        await("t2, t3 and t4 queued at p0, t1 at p1").atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() ->
                queued("p0", "r0@p0").containsAll(List.of("t2", "t3", "t4")) && queued("p1", "r0@p1").contains("t1"));
        assertEquals(List.of(), problems);
        assertEquals("t2", queued("p0", "r0@p0").get(0), "t2's exclusive request was queued first (local, behind the gate)");

        GlobalSnapshot<LockTableView> snap = cutwatches.get(0).snapshots().<LockTableView>initiate("p0", BOUND)
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);
        DeadlockReport off = new DeadlockDetector<>(new LockServiceAdapter()).detect(snap);
        assertEquals(List.of(), off.deadlocks(), "holder waits only: " + off.summary());

        DeadlockDetector<LockTableView> fifo = new DeadlockDetector<>(
                new LockServiceAdapter(LockServiceAdapter.Waits.HOLDERS_AND_QUEUED_AHEAD));
        DeadlockReport on = fifo.detect(snap);
        assertEquals(1, on.deadlocks().size(), on.summary());
        Deadlock d = on.deadlocks().get(0);
        assertEquals(List.of("t1", "t2", "t3"), d.members(), on.describe());
        assertEquals("t1 -[r0@p1]-> t3 -[r0@p0]-> t2 -[r0@p0]-> t1", d.cycleText());
        assertEquals("t3", d.victim());
        Map<String, LockTableView> live = new HashMap<>();
        for (String p : TOPOLOGY.processes()) {
            live.put(p, live(p));
        }
        for (WaitForEdge w : d.waits()) {
            assertNull(QueuedAheadPropertyTest.liveMismatch(w, owners, live), w + " in the live lock tables");
        }
        WaitChain t4 = fifo.waitChain(snap, "t4");
        assertEquals(WaitChain.Ending.ENTERS_DEADLOCK, t4.ending(), t4.describe());
        assertEquals(new WaitForEdge("t4", "t2", "r0@p0"), t4.links().get(0).edge(), t4.describe());
        assertEquals(WaitKind.QUEUED_AHEAD, t4.links().get(0).kind(), t4.describe());

        services.get(1).abort(d.victim());                // t3's home p1 runs on member 1
        await("every transaction commits").atMost(BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> List.of("t1", "t2", "t3", "t4").stream().allMatch(tx -> tx(tx).status() == TxStatus.COMMITTED));
        assertEquals(Map.of("t1", 0, "t2", 0, "t3", 1, "t4", 0),
                Map.of("t1", tx("t1").aborts(), "t2", tx("t2").aborts(), "t3", tx("t3").aborts(), "t4", tx("t4").aborts()));
        DeadlockReport after = fifo.detect(cutwatches.get(2).snapshots().<LockTableView>initiate("p2", BOUND)
                .get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertTrue(after.deadlocks().isEmpty(), after.summary());
        System.out.printf("cluster, shared locks: holder waits found nothing; queued-ahead waits found %s (victim %s);"
                + " after its abort every transaction committed%n", d.cycleText(), d.victim());
    }

    private List<String> queued(String process, String resource) {
        return live(process).lock(resource).queue().stream().map(LockTableView.Holder::tx).toList();
    }

    private LockTableView.Tx tx(String tx) {
        String home = tx.equals("t3") ? "p1" : tx.equals("t4") ? "p2" : "p0";
        return live(home).transactions().get(tx);
    }

    /** The live lock table of {@code process}, read on the process's own thread (on its member). */
    private LockTableView live(String process) {
        CompletableFuture<LockTableView> view = new CompletableFuture<>();
        this.<LockNode>process(process).tell((node, ctx) -> view.complete(node.view()));
        try {
            return view.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the live lock table of " + process, e);
        }
    }

    /** The process hosted on its own member (process {@code pi} runs on member {@code i}). */
    private <S> Process<S> process(String id) {
        return cutwatches.get(TOPOLOGY.indexOf(id)).process(id);
    }
}
