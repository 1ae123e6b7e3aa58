package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.ExecutionLog;
import io.cutwatch.sim.TokenApp;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots on 3 real members in this JVM: the randomized correctness check of the core's
 * property test, against the real event log of the run.
 */
class ClusterSnapshotTest {
    static final long TOKENS = 1_000;
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-snap", 3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    /** One Cutwatch per member over the same namespace; process i is hosted on member i % 3. */
    static List<Cutwatch> cutwatches(Topology topology, String namespace, long seed, ExecutionLog log) {
        List<Cutwatch> out = new ArrayList<>();
        for (HazelcastInstance m : members) {
            Cutwatch cw = HazelcastCutwatch.on(m, topology, HazelcastOptions.defaults(namespace).withThreads(2).withSeed(seed));
            if (log != null) {
                cw.onEvent(log);
            }
            out.add(cw);
        }
        return out;
    }

    @Test
    void theStoreKeepsTheNewestSnapshotsAndRebuildsThemChecked() throws Exception {
        long seed = System.nanoTime();
        Topology topology = Topology.complete(Topology.ids("q", 3));
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, HazelcastOptions.defaults("store" + Long.toHexString(seed))
                    .withThreads(2).withSeed(seed).withRetainSnapshots(3)));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            for (int i = 0; i < topology.size(); i++) {
                TokenApp.start(cws.get(i), topology.process(i), TOKENS, Integer.MAX_VALUE, Duration.ofMillis(5), running::get);
            }
            List<GlobalSnapshot<TokenApp.TokenState>> taken = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                taken.add(cws.get(i % 3).snapshots().<TokenApp.TokenState>initiate(topology.process(i % 3))
                        .get(30, TimeUnit.SECONDS));
            }
            SnapshotStore store = HazelcastCutwatch.store(cws.get(1));
            List<Long> newest = taken.subList(2, 5).stream().map(GlobalSnapshot::id).toList();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertEquals(newest, store.list(), "seed " + seed + ": retained snapshots"));
            GlobalSnapshot<TokenApp.TokenState> last = taken.get(4);
            GlobalSnapshot<TokenApp.TokenState> fetched = store.<TokenApp.TokenState>fetch(last.id())
                    .orElseThrow(() -> new AssertionError("seed " + seed + ": snapshot " + last.id() + " not in store"));
            assertEquals(last.states(), fetched.states(), "seed " + seed);
            assertEquals(last.channels(), fetched.channels(), "seed " + seed);
            assertEquals(last.frontier(), fetched.frontier(), "seed " + seed);
            assertTrue(store.fetch(taken.get(0).id()).isEmpty(), "seed " + seed + ": evicted snapshot still fetchable");
            assertTrue(store.delete(last.id()), "seed " + seed);
            assertTrue(store.fetch(last.id()).isEmpty(), "seed " + seed);
            assertEquals(newest.subList(0, 2), store.list(), "seed " + seed);
        } finally {
            running.set(false);
            cws.forEach(Cutwatch::close);
        }
    }

    @Test
    void randomSnapshotsOnThreeMembersAreTheConsistentCutsTheyClaim() throws Exception {
        long seed = TestMembers.seed("ClusterSnapshotTest");
        Random rnd = new Random(seed);
        Topology topology = Topology.complete(Topology.ids("p", 4));
        ExecutionLog log = new ExecutionLog(topology);
        List<Cutwatch> cws = cutwatches(topology, "snap" + Long.toHexString(seed), seed, log);
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            for (int i = 0; i < topology.size(); i++) {
                TokenApp.start(cws.get(i % cws.size()), topology.process(i), TOKENS, Integer.MAX_VALUE, Duration.ofMillis(8), running::get);
            }
            int total = 240;
            long t0 = System.nanoTime();
            int verified = 0;
            long inTransit = 0;
            List<CompletableFuture<GlobalSnapshot<TokenApp.TokenState>>> wave = new ArrayList<>();
            while (verified < total) {
                wave.clear();
                int k = 1 + rnd.nextInt(4);
                for (int j = 0; j < k; j++) {
                    Cutwatch from = cws.get(rnd.nextInt(cws.size()));
                    String initiator = topology.process(rnd.nextInt(topology.size()));
                    wave.add(from.snapshots().initiate(initiator, Duration.ofSeconds(20)));
                }
                for (CompletableFuture<GlobalSnapshot<TokenApp.TokenState>> f : wave) {
                    GlobalSnapshot<TokenApp.TokenState> s = f.get(30, TimeUnit.SECONDS);
                    List<String> problems = log.verify(s, (p, events) -> TokenApp.replay(TOKENS, events));
                    assertEquals(List.of(), problems, "seed " + seed + ", snapshot " + s.id());
                    long sum = 0;
                    for (TokenApp.TokenState st : s.states().values()) {
                        sum += st.tokens();
                    }
                    for (List<Object> msgs : s.channels().values()) {
                        for (Object m : msgs) {
                            sum += ((TokenApp.Transfer) m).amount();
                        }
                    }
                    assertEquals(TOKENS * topology.size(), sum, "seed " + seed + ": tokens not conserved in " + s.id());
                    inTransit += s.inTransitCount();
                    verified++;
                }
            }
            assertTrue(inTransit > 0, "seed " + seed + ": no snapshot caught a message in transit over " + verified);
            assertTrue(log.size() > 1_000, "seed " + seed + ": too little traffic: " + log.size() + " events");
            for (Cutwatch cw : cws) {
                for (ChannelStats c : HazelcastCutwatch.backend(cw).channelStats()) {
                    assertEquals(0, c.rejected() + c.lostItems(), "seed " + seed + ": " + c);
                }
            }
            System.out.printf("seed %d: %d snapshots verified on 3 members in %d ms, %d messages in transit, %d events%n",
                    seed, verified, (System.nanoTime() - t0) / 1_000_000, inTransit, log.size());
        } finally {
            running.set(false);
            cws.forEach(Cutwatch::close);
        }
    }

    /**
     * A failure on another member reaches the assembling member as a typed value (reason, process)
     * through a control-topic notice, and a notice with a reason this version does not know is
     * rejected and counted, not taken as a failure.
     */
    @Test
    void aCaptureThatThrowsOnAnotherMemberFailsTheSnapshotWithItsTypedReason() throws Exception {
        long seed = System.nanoTime();
        Topology topology = Topology.complete(Topology.ids("f", 3));
        String ns = "typed" + Long.toHexString(seed);
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, HazelcastOptions.defaults(ns).withThreads(2).withSeed(seed)));
        }
        try {
            for (int i = 0; i < 3; i++) {
                boolean broken = i == 2;
                cws.get(i).process(topology.process(i), new long[] {1}).capture(st -> {
                    if (broken) {
                        throw new IllegalStateException("capture of f2 is broken");
                    }
                    return st.clone();
                }).start();
            }
            CompletableFuture<GlobalSnapshot<Object>> f = cws.get(0).snapshots().initiate("f0", Duration.ofSeconds(60));
            ExecutionException e = assertThrows(
                    ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            SnapshotFailedException failure = assertInstanceOf(
                    SnapshotFailedException.class, e.getCause());
            assertEquals(FailureReason.CAPTURE_THREW, failure.reason(), "seed " + seed + ": " + failure);
            assertEquals(Set.of("f2"), failure.failure().processes(), "seed " + seed + ": " + failure);
            assertTrue(failure.getMessage().contains("capture of f2 is broken"), failure.getMessage());

            HazelcastBackend b0 = HazelcastCutwatch.backend(cws.get(0));
            long rejectedBefore = b0.rejectedControlMessages();
            members.get(1).getReliableTopic("cutwatch." + ns + ".control").publish(new FailureNotice(12_345L,
                    "SOLAR_FLARE", new String[] {"f1"}, new String[0], new String[0], null, "no such reason", "elsewhere"));
            await().atMost(Duration.ofSeconds(10)).until(() -> b0.rejectedControlMessages() == rejectedBefore + 1);

            // The failure is kept in the cluster with its typed reason: another member reads it, and
            // it outlives the Cutwatch of the member that assembled it.
            cws.get(0).close();
            SnapshotStore store2 = HazelcastCutwatch.store(cws.get(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> !store2.failures().isEmpty());
            FailedSnapshot kept = store2.failures().get(0);
            assertEquals(failure.snapshotId(), kept.snapshotId());
            assertEquals(FailureReason.CAPTURE_THREW, kept.toFailure().reason());
            assertEquals(Set.of("f2"), kept.toFailure().processes());
            assertEquals(members.get(0).getCluster().getLocalMember().getUuid().toString(), kept.assembledBy());
        } finally {
            cws.forEach(Cutwatch::close);
        }
    }

    /** A member that joins a namespace with another topology is refused at once, both topologies named. */
    @Test
    void aMemberWithAnotherTopologyIsRefusedNamingBoth() {
        String ns = "topo" + Long.toHexString(System.nanoTime());
        Cutwatch first = HazelcastCutwatch.on(members.get(0), Topology.complete("a", "b", "c"), HazelcastOptions.defaults(ns));
        try {
            TopologyMismatchException e = assertThrows(TopologyMismatchException.class,
                    () -> HazelcastCutwatch.on(members.get(1), Topology.complete("a", "b"), HazelcastOptions.defaults(ns)));
            assertTrue(e.getMessage().contains("Topology[a, b, c] with 6 channels")
                    && e.getMessage().contains("Topology[a, b] with 2 channels"), e.getMessage());
            // Same processes, other channels: also refused (the fingerprint covers the channels).
            Topology ring = Topology.ring(List.of("a", "b", "c"));
            assertThrows(TopologyMismatchException.class,
                    () -> HazelcastCutwatch.on(members.get(2), ring, HazelcastOptions.defaults(ns)));
            // The same topology joins.
            HazelcastCutwatch.on(members.get(1), Topology.complete("a", "b", "c"), HazelcastOptions.defaults(ns)).close();
        } finally {
            first.close();
            HazelcastCutwatch.destroy(members.get(0), ns, Topology.complete("a", "b", "c"));
        }
    }
}
