package io.cutwatch.gc;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.topic.ITopic;
import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.ProcessEvent;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.Report;
import io.cutwatch.detect.Verdict;
import io.cutwatch.hazelcast.jobs.HazelcastJobDriver;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStore;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.ObjectStoreApp;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.TestMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.sim.ExecutionLog;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample object store on 3 real Hazelcast members (loopback, in this JVM): six store
 * processes, two per member, mutate their heaps and pass references and rings across members;
 * a scheduled {@link DetectionJob} with the {@link GarbageDetector} (registered in code) is driven
 * by {@link HazelcastJobDriver} on one member. Its report listener reclaims the garbage: one
 * order per process goes out on a topic, and the member hosting the process frees it through
 * {@link ReclaimHook#viaProcesses} on the process's own thread.
 *
 * <p>Checked against ground truth (the real heaps read on the processes' threads once the
 * application has settled, and the event log): no live object was freed (no reachable object
 * refers to a missing one, no handler met a freed object, no free was refused as unsafe);
 * nothing ever reported as garbage is reachable at the end; no report lists an object freed
 * inside its snapshot's cut; distributed cycles spanning members were reclaimed; and once the
 * application stops, the job reclaims everything left and the real heaps hold no garbage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterGarbageJobTest {
    static final Duration PERIOD = Duration.ofMillis(200);
    static final int MEMBERS = 3;

    /** A reclaim order for one process; crosses the cluster as zero-config Compact. */
    record ReclaimOrder(String process, long[] ids) {
    }

    /** A report the job produced, and the id of its snapshot. */
    record Seen(GarbageReport report, long snapshotId) {
    }

    List<HazelcastInstance> members;
    final List<Cutwatch> cutwatches = new ArrayList<>();
    final List<DetectionJobs> jobs = new ArrayList<>();

    @BeforeAll
    void startMembers() {
        members = TestMembers.start("cw-gc", MEMBERS);
    }

    @AfterAll
    void stopMembers() {
        jobs.forEach(DetectionJobs::close);
        for (Cutwatch cw : cutwatches) {
            try {
                cw.close();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(getClass()).debug("close: {}", e.toString());
            }
        }
        CutwatchMembers.terminate(members);
    }

    @Test
    void storeMessagesAndStatesCrossTheClusterAsCompact() {
        SerializationService s = ((SerializationServiceSupport) members.get(0)).getSerializationService();
        ObjectRef a = new ObjectRef("p0", 3);
        ObjectRef b = new ObjectRef("p1", 9);
        Map<Long, List<ObjectRef>> objects = new HashMap<>();
        objects.put(9L, List.of(a, b, a));
        objects.put(2L, List.of());
        objects.put(5L, List.of(new ObjectRef("p0", 2)));
        List<Object> values = List.of(new StoreMessage.Adopt(a), new StoreMessage.StoreRef(a, b),
                new StoreMessage.RingHop(a, b, List.of("p2", "p3")),
                new HeapState("p0", objects, Set.of(9L, 2L)), new ReclaimOrder("p0", new long[]{2, 5}));
        for (Object v : values) {
            Data data = s.toData(v);
            assertTrue(data.isCompact(), v.getClass().getSimpleName() + " is serialized as type " + data.getType()
                    + ", not Compact");
            Object back = s.toObject(data);
            if (v instanceof ReclaimOrder o) {
                ReclaimOrder r = (ReclaimOrder) back;
                assertEquals(o.process(), r.process());
                assertEquals(List.of(2L, 5L), ObjectIds.of(r.ids()).toList());
            } else {
                assertEquals(v, back, v.getClass().getSimpleName() + " round trip");
            }
        }
        HeapState back = (HeapState) s.toObject(s.toData(new HeapState("p0", objects, Set.of(9L, 2L))));
        assertEquals(List.of(2L, 5L, 9L), new ArrayList<>(back.objects().keySet()), "ids ascending after the trip");
        assertEquals(List.of(a, b, a), back.objects().get(9L), "references keep their order and duplicates");
    }

    @Test
    void aScheduledJobReclaimsGarbageAndCyclesAcrossMembersButNoLiveObject() throws Exception {
        long seed = TestMembers.seed("ClusterGarbageJobTest");
        String why = "seed " + seed;
        Topology topology = Topology.complete(Topology.ids("p", 6));
        ExecutionLog log = new ExecutionLog(topology);
        String ns = "gc" + Long.toHexString(seed);
        Map<String, Integer> memberOf = new TreeMap<>();
        for (int i = 0; i < topology.size(); i++) {
            memberOf.put(topology.process(i), i % MEMBERS);
        }

        // What happened, recorded where it happened.
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<ObjectRef, Long> freedAt = new ConcurrentHashMap<>();     // object -> its process's event that freed it
        Map<Long, Map<String, Long>> cutOf = new ConcurrentHashMap<>(); // snapshot -> own-event count per process
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicLong ordersSent = new AtomicLong();
        AtomicLong ordersApplied = new AtomicLong();
        List<GarbageCycle> cyclesReclaimed = new CopyOnWriteArrayList<>();

        GarbageDetector<HeapState> detector = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());
        ObjectStoreApp.Options options = new ObjectStoreApp.Options(4, 150, Duration.ofMillis(24), 0.15, 0.8);
        List<ObjectStoreApp> apps = new ArrayList<>();
        List<DetectionJob> js = new ArrayList<>();
        String jobName = "gc-" + ns;
        for (int m = 0; m < MEMBERS; m++) {
            HazelcastInstance hz = members.get(m);
            Cutwatch cw = HazelcastCutwatch.on(hz, topology, HazelcastOptions.defaults(ns).withSeed(seed + m))
                    .onEvent(log);
            cutwatches.add(cw);
            cw.snapshots().onSnapshot(s -> cutOf.put(s.id(), cut(s, topology)));

            // This member frees the garbage of the processes it hosts, on each process's own thread.
            ReclaimHook local = ReclaimHook.viaProcesses(cw, (ObjectStore s, ObjectIds garbage, Context ctx) -> {
                long event = ctx.clock().get(topology.indexOf(s.self()));
                List<Long> present = new ArrayList<>();
                garbage.stream().filter(s::contains).forEach(present::add);
                try {
                    s.free(garbage);
                } catch (IllegalStateException e) {
                    violations.add("unsafe reclaim refused: " + e.getMessage());
                    return;
                }
                for (long id : present) {
                    freedAt.put(s.ref(id), event);
                }
                ordersApplied.incrementAndGet();
            });
            int self = m;
            hz.<ReclaimOrder>getTopic(ns + "-reclaim").addMessageListener(msg -> {
                ReclaimOrder o = msg.getMessageObject();
                if (memberOf.get(o.process()) == self) {
                    local.reclaim(o.process(), ObjectIds.of(o.ids()));
                }
            });

            List<String> hosted = new ArrayList<>();
            memberOf.forEach((p, at) -> {
                if (at == self) {
                    hosted.add(p);
                }
            });
            apps.add(ObjectStoreApp.start(cw, options, hosted));

            DetectionJobs j = DetectionJobs.on(cw);
            j.registry().register(detector);
            jobs.add(j);
            // The cluster-wide hook: one order per process with garbage, to whichever member hosts it.
            ITopic<ReclaimOrder> orders = hz.getTopic(ns + "-reclaim");
            ReclaimHook cluster = (process, garbage) -> {
                orders.publish(new ReclaimOrder(process, garbage.toArray()));
                ordersSent.incrementAndGet();
            };
            DetectionJob job = j.define(jobName).detectors(detector.name()).every(PERIOD)
                    .snapshotTimeout(Duration.ofSeconds(3))
                    .onReport(r -> {
                        if (r.verdict() == Verdict.FAILED) {
                            violations.add("detection failed: " + r);
                            return;
                        }
                        GarbageReport g = (GarbageReport) r.result();
                        seen.add(new Seen(g, r.snapshotId()));
                        g.reclaim(cluster);
                        cyclesReclaimed.addAll(g.distributedCycles());
                    }).build();
            js.add(job);
        }
        for (int m = 0; m < MEMBERS; m++) {
            HazelcastJobDriver.on(members.get(m), jobs.get(m)).drive(js.get(m));
        }

        // The application runs its operations and stops; the job keeps reclaiming meanwhile.
        await("the application settles").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> settled(apps, log, topology));
        int reportsWhileRunning = seen.size();
        long lastWhileRunning = seen.isEmpty() ? -1 : seen.get(seen.size() - 1).snapshotId();

        // Nothing changes any more except by reclaims: a later run must find everything reclaimed.
        await("a run finds no garbage left").atMost(Duration.ofSeconds(20))
                .until(() -> seen.stream().anyMatch(s -> s.snapshotId() > lastWhileRunning
                        && s.report().garbageCount() == 0));
        await("every order applied").atMost(Duration.ofSeconds(10))
                .until(() -> ordersApplied.get() + violations.size() >= ordersSent.get());

        Map<String, HeapState> real = realHeaps(cutwatches, memberOf);
        assertEquals(List.of(), violations.subList(0, Math.min(3, violations.size())),
                why + ": " + violations.size() + " violations, the first 3 shown");
        for (int m = 0; m < MEMBERS; m++) {
            apps.get(m).processes().values().forEach(p -> assertEquals(0, p.stats().handlerFailures(),
                    why + ": handler failures at " + p.id() + " (a message named a freed object?)"));
        }

        // Ground truth on the real heaps (no message is in flight any more).
        Map<ObjectRef, List<ObjectRef>> heap = new HashMap<>();
        List<ObjectRef> roots = new ArrayList<>();
        real.forEach((p, h) -> {
            h.heap().forEach(o -> heap.put(new ObjectRef(p, o.id()), o.references()));
            h.roots().forEach(r -> roots.add(new ObjectRef(p, r)));
        });
        GroundTruth.State truth = GroundTruth.reach(heap, roots);
        Set<ObjectRef> danglingFromLive = new TreeSet<>();
        for (ObjectRef live : truth.reachable()) {
            for (ObjectRef t : heap.get(live)) {
                if (!heap.containsKey(t)) {
                    danglingFromLive.add(t);
                }
            }
        }
        assertEquals(Set.of(), danglingFromLive, why + ": live objects refer to these freed objects");
        assertEquals(Set.of(), truth.garbage(), why + ": the real heaps still hold garbage");

        Set<ObjectRef> everReported = new TreeSet<>();
        for (Seen s : seen) {
            Map<String, Long> cut = cutOf.get(s.snapshotId());
            assertTrue(cut != null, why + ": no cut recorded for snapshot " + s.snapshotId());
            Set<ObjectRef> garbage = GroundTruth.garbageOf(s.report());
            everReported.addAll(garbage);
            for (ObjectRef r : garbage) {
                Long at = freedAt.get(r);
                assertTrue(at == null || at > cut.get(r.process()), why + ": snapshot " + s.snapshotId()
                        + " reports " + r + ", freed at event " + at + " inside its cut " + cut);
            }
        }
        Set<ObjectRef> liveButReported = new TreeSet<>(everReported);
        liveButReported.retainAll(truth.reachable());
        assertEquals(Set.of(), liveButReported, why + ": reported as garbage, yet reachable at the end");
        Set<ObjectRef> reportedNotFreed = new TreeSet<>(everReported);
        reportedNotFreed.removeAll(freedAt.keySet());
        assertEquals(Set.of(), reportedNotFreed, why + ": reported but never freed");
        assertEquals(new HashSet<>(everReported), new HashSet<>(freedAt.keySet()), why + ": freed but never reported");

        // The scenario really happened: garbage found while mutating, cycles over several members.
        assertTrue(reportsWhileRunning >= 3, why + ": only " + reportsWhileRunning + " reports while the app ran");
        assertTrue(!freedAt.isEmpty(), why + ": nothing was reclaimed");
        long crossMember = cyclesReclaimed.stream()
                .filter(c -> c.members().stream().map(r -> memberOf.get(r.process())).distinct().count() > 1).count();
        assertTrue(crossMember > 0, why + ": no reclaimed distributed cycle spans members; cycles " + cyclesReclaimed);
        Report last = js.stream().flatMap(j -> j.lastReports().stream()).reduce((x, y) -> y).orElseThrow();
        assertEquals(heap.size(), ((GarbageReport) last.result()).examined().objects(),
                why + ": the last report examined exactly the live objects");
        System.out.printf("%s: %d reports (%d while the app ran), %d objects reclaimed in %d orders, %d distributed"
                        + " cycles (%d spanning members), %d live objects left, %d events%n", why, seen.size(),
                reportsWhileRunning, freedAt.size(), ordersApplied.get(), cyclesReclaimed.size(), crossMember,
                heap.size(), log.size());
    }

    /** Own-event count of every process in the snapshot's cut. */
    static Map<String, Long> cut(GlobalSnapshot<?> s, Topology topology) {
        Map<String, Long> own = new HashMap<>();
        for (String p : topology.processes()) {
            own.put(p, s.frontier().get(p).get(topology.indexOf(p)));
        }
        return own;
    }

    /**
     * True when every process has run all its operations and no message is in flight, read from
     * a log that did not change during the check (so the check saw one moment).
     */
    static boolean settled(List<ObjectStoreApp> apps, ExecutionLog log, Topology topology) throws Exception {
        long before = log.size();
        for (ObjectStoreApp app : apps) {
            for (var p : app.processes().values()) {
                CompletableFuture<Integer> left = new CompletableFuture<>();
                p.tell((s, ctx) -> left.complete(s.operationsLeft()));
                if (left.get(5, TimeUnit.SECONDS) > 0) {
                    return false;
                }
            }
        }
        for (ChannelId c : topology.channels()) {
            long received = log.events(c.to()).stream()
                    .filter(e -> e.kind() == ProcessEvent.Kind.RECEIVE && c.equals(e.channel())).count();
            long sent = log.events(c.from()).stream()
                    .filter(e -> e.kind() == ProcessEvent.Kind.SEND && c.equals(e.channel())).count();
            if (sent != received) {
                return false;
            }
        }
        // The tells above are local events too: compare sizes without them.
        return log.size() - before == apps.stream().mapToLong(a -> a.processes().size()).sum();
    }

    /** Each process's real heap, captured on its own thread. */
    static Map<String, HeapState> realHeaps(List<Cutwatch> cws, Map<String, Integer> memberOf) throws Exception {
        Map<String, HeapState> out = new TreeMap<>();
        for (Map.Entry<String, Integer> e : memberOf.entrySet()) {
            CompletableFuture<HeapState> f = new CompletableFuture<>();
            cws.get(e.getValue()).<ObjectStore>process(e.getKey()).tell((s, ctx) -> f.complete(s.capture()));
            out.put(e.getKey(), f.get(5, TimeUnit.SECONDS));
        }
        return out;
    }
}
