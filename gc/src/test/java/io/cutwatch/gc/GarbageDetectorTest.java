package io.cutwatch.gc;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStore;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-built object graphs with known answers, and every kind of bad input. */
class GarbageDetectorTest {
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void unreachableObjectsAreGarbageAndRootedOnesAreNot() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "a:2", "b:1").object("a", 2).object("a", 3, "a:1").root("a", 1)
                .object("b", 1).object("b", 2, "b:3").object("b", 3)
                .build();
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(ObjectIds.of(3), r.garbage("a"));
        assertEquals(ObjectIds.of(2, 3), r.garbage("b"));
        assertEquals(3, r.garbageCount());
        assertTrue(r.found());
        assertEquals(List.of(), r.distributedCycles(), "no cycle among a:3, b:2, b:3");
        assertEquals(new GraphSize(2, 6, 4, 1, 1, 0, 0), r.examined());
        assertTrue(r.summary().contains("3 garbage of 6 objects"), r.summary());
    }

    @Test
    void aCycleOverThreeProcessesIsReportedWithWhatItRetains() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").object("b", 1, "c:1").object("c", 1, "a:1", "c:2").object("c", 2)
                .object("a", 2, "a:3").object("a", 3, "a:2") // a local cycle: not distributed
                .object("b", 9).root("b", 9)
                .build();
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(6, r.garbageCount());
        assertEquals(List.of(new GarbageCycle(List.of(ref("a:1"), ref("b:1"), ref("c:1")), List.of("a", "b", "c"))),
                r.distributedCycles());
        assertEquals(4, r.retainedByCycles(), "the cycle's 3 members and c:2 which only the cycle references");
    }

    @Test
    void aRootedCycleIsNotGarbage() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").object("b", 1, "a:1").root("b", 1)
                .build();
        GarbageReport r = DETECTOR.detect(s);
        assertFalse(r.found());
        assertEquals(0, r.garbageCount());
        assertEquals(List.of(), r.distributedCycles());
    }

    @Test
    void referencesInMessagesInTransitAreRoots() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").object("b", 1, "a:1").object("b", 2)
                .inTransit("a", "b", new StoreMessage.Adopt(ref("a:1")))
                .build();
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(ObjectIds.of(2), r.garbage("b"), "only b:2; the cycle a:1 <-> b:1 is held by a message");
        assertEquals(1, r.examined().inTransitReferences());
    }

    /**
     * The in-flight case built in a real run: process a hands its only reference to object x to
     * b in a message and drops its root in the same step, while b has already recorded its state.
     * The snapshot records x as held by no process, only by the message on channel a->b.
     */
    @Test
    void anObjectWhoseOnlyReferenceIsInFlightIsNotGarbage() {
        Topology topology = Topology.complete("a", "b");
        Simulation sim = new Simulation(1, new Simulation.Options(1_000, 1_000, 1_000_000));
        Cutwatch cw = Cutwatch.simulated(topology, sim);
        ObjectStore a = new ObjectStore("a");
        ObjectStore b = new ObjectStore("b");
        long x = a.allocateRoot();
        long bRoot = b.allocateRoot();
        cw.process("a", a).capture(ObjectStore::capture)
                .onMessage((st, from, m, ctx) -> st.handle((StoreMessage) m, ctx, 0)).start();
        cw.process("b", b).capture(ObjectStore::capture)
                .onMessage((st, from, m, ctx) -> st.handle((StoreMessage) m, ctx, 0)).start();

        CompletableFuture<GlobalSnapshot<HeapState>> f = cw.snapshots().initiate("b"); // b records first
        cw.process("a").tell((st, ctx) -> {
            ObjectStore store = (ObjectStore) st;
            ctx.send("b", new StoreMessage.Adopt(store.ref(x)));
            store.unroot(x);
        });
        GlobalSnapshot<HeapState> snap = sim.await(f);

        assertEquals(List.of(new StoreMessage.Adopt(new ObjectRef("a", x))), snap.channel("a", "b"),
                "the reference to x must be recorded in transit");
        assertEquals(Set.of(), snap.state("a").roots(), "a recorded x without a root");
        assertEquals(Set.of(bRoot), snap.state("b").roots(), "b recorded before adopting x");
        assertTrue(GroundTruth.recorded(snap, false).garbage().contains(new ObjectRef("a", x)),
                "ignoring channel states would wrongly call x garbage");

        GarbageReport r = DETECTOR.detect(snap);
        assertFalse(r.isGarbage(new ObjectRef("a", x)), r.summary());
        assertEquals(0, r.garbageCount(), r.summary());

        sim.runUntilQuiet();
        assertTrue(b.references(b.objectIds().stream().filter(id -> id != bRoot).findFirst().orElseThrow())
                .contains(new ObjectRef("a", x)), "b adopted x after the snapshot");
    }

    @Test
    void danglingReferencesFromGarbageAreToleratedAndCounted() {
        // a:2 was reclaimed at a already; b's garbage b:1 still refers to it.
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1).root("a", 1)
                .object("b", 1, "a:2", "b:5")
                .build();
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(ObjectIds.of(1), r.garbage("b"));
        assertEquals(2, r.examined().danglingFromGarbage());
        assertEquals(0, r.examined().references());
    }

    @Test
    void aDanglingReferenceFromALiveObjectIsAnError() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:7").root("a", 1).object("b", 1)
                .build();
        DanglingReferenceException e = assertThrows(DanglingReferenceException.class, () -> DETECTOR.detect(s));
        assertEquals(ref("b:7"), e.target());
        assertTrue(e.getMessage().contains("reachable object a:1 refers to b:7"), e.getMessage());
    }

    @Test
    void aMessageInTransitToAMissingObjectIsAnError() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1)
                .inTransit("b", "a", new StoreMessage.StoreRef(ref("a:1"), ref("b:4")))
                .build();
        DanglingReferenceException e = assertThrows(DanglingReferenceException.class, () -> DETECTOR.detect(s));
        assertTrue(e.getMessage().contains("message in transit on channel b->a refers to b:4"), e.getMessage());
    }

    @Test
    void referencesToUnknownProcessesAreMalformed() {
        GlobalSnapshot<Object> inState = HandSnapshot.over("a", "b").object("a", 1, "zz:3").build();
        MalformedHeapException e = assertThrows(MalformedHeapException.class, () -> DETECTOR.detect(inState));
        assertTrue(e.getMessage().contains("object 1 of process a refers to object 3 of unknown process 'zz'"),
                e.getMessage());

        GlobalSnapshot<Object> inMessage = HandSnapshot.over("a", "b").object("a", 1)
                .inTransit("a", "b", new StoreMessage.Adopt(ref("zz:3"))).build();
        e = assertThrows(MalformedHeapException.class, () -> DETECTOR.detect(inMessage));
        assertTrue(e.getMessage().contains("message in transit on channel a->b refers to object 3 of unknown process 'zz'"),
                e.getMessage());
    }

    @Test
    void aRootWithoutItsObjectIsMalformed() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b").object("a", 1).root("a", 2).build();
        MalformedHeapException e = assertThrows(MalformedHeapException.class, () -> DETECTOR.detect(s));
        assertTrue(e.getMessage().contains("process a declares root 2 but no object 2"), e.getMessage());
        assertEquals(1, e.snapshotId());
    }

    @Test
    void duplicateObjectsAndUndeclaredHoldersAreMalformed() {
        HeapAdapter<HeapState> twice = (process, state, out) -> {
            out.object(1);
            out.object(1);
        };
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b").build();
        MalformedHeapException e = assertThrows(MalformedHeapException.class,
                () -> GarbageDetector.of(HeapState.class, twice).detect(s));
        assertTrue(e.getMessage().contains("process a declares object 1 twice"), e.getMessage());

        HeapAdapter<HeapState> early = (process, state, out) -> out.reference(4, 5);
        e = assertThrows(MalformedHeapException.class, () -> GarbageDetector.of(HeapState.class, early).detect(s));
        assertTrue(e.getMessage().contains("reference from object 4 (to 5) before declaring object 4"), e.getMessage());

        // Far apart (ids are indexed in batches), and a reference from an object declared only later.
        HeapAdapter<HeapState> farApart = (process, state, out) -> {
            for (long id = 0; id < 2_000; id++) {
                out.object(id);
            }
            out.object(700);
        };
        e = assertThrows(MalformedHeapException.class, () -> GarbageDetector.of(HeapState.class, farApart).detect(s));
        assertTrue(e.getMessage().contains("process a declares object 700 twice"), e.getMessage());
        HeapAdapter<HeapState> beforeItsObject = (process, state, out) -> {
            for (long id = 0; id < 1_000; id++) {
                out.object(id);
                out.reference(id, id + 1);
            }
            out.reference(1_000, 0);
            out.object(1_000);
        };
        e = assertThrows(MalformedHeapException.class,
                () -> GarbageDetector.of(HeapState.class, beforeItsObject).detect(s));
        assertTrue(e.getMessage().contains("reference from object 1000 (to 0) before declaring object 1000"),
                e.getMessage());
    }

    @Test
    void anAdapterThatAnswersDifferentlyEachTimeIsMalformed() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b").build();
        int[] calls = new int[1];
        HeapAdapter<HeapState> growing = (process, state, out) -> {
            int k = calls[0]++;
            for (long id = 0; id <= k; id++) {
                out.object(id);
            }
        };
        MalformedHeapException e = assertThrows(MalformedHeapException.class,
                () -> GarbageDetector.of(HeapState.class, growing).detect(s));
        assertTrue(e.getMessage().contains("describe must be a pure read"), e.getMessage());

        calls[0] = 0;
        HeapAdapter<HeapState> moreReferences = (process, state, out) -> {
            int k = calls[0]++;
            out.object(1);
            for (int i = 0; i <= k; i++) {
                out.reference(1, 1);
            }
        };
        e = assertThrows(MalformedHeapException.class,
                () -> GarbageDetector.of(HeapState.class, moreReferences).detect(s));
        assertTrue(e.getMessage().contains("process a") && e.getMessage().contains("pure read"), e.getMessage());
    }

    @Test
    void objectsDeclaredFirstAndReferencedLaterInAnyOrderGiveTheSameGarbage() {
        // Declaration order, reversed, and shuffled references: the source lookup must not depend on order.
        long seed = 5;
        Random rnd = new Random(seed);
        int n = 3_000;
        long[][] edges = new long[4_000][];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = new long[] {rnd.nextInt(n) * 3L + 1, rnd.nextInt(n) * 3L + 1};
        }
        HandSnapshot h = HandSnapshot.over("a", "b");
        Map<Long, List<String>> refs = new TreeMap<>();
        for (long[] ed : edges) {
            refs.computeIfAbsent(ed[0], x -> new ArrayList<>()).add("a:" + ed[1]);
        }
        for (int v = 0; v < n; v++) {
            long id = v * 3L + 1;
            h.object("a", id, refs.getOrDefault(id, List.of()).toArray(new String[0]));
        }
        h.root("a", 1).root("a", 3L * (n / 2) + 1);
        GlobalSnapshot<Object> s = h.build();
        GarbageReport expected = DETECTOR.detect(s);
        HeapAdapter<HeapState> shuffled = (process, state, out) -> {
            List<HeapState.HeapObject> objects = new ArrayList<>(state.heap());
            Collections.reverse(objects);
            objects.forEach(o -> out.object(o.id()));
            List<long[]> all = new ArrayList<>();
            state.heap().forEach(o -> o.references().forEach(r -> all.add(new long[] {o.id(), r.objectId()})));
            Collections.shuffle(all, new Random(seed));
            all.forEach(ed -> out.reference(ed[0], process, ed[1]));
            state.roots().forEach(out::root);
        };
        GarbageReport got = GarbageDetector.of(HeapState.class, shuffled).detect(s);
        assertEquals(expected.garbage(), got.garbage(), "seed " + seed);
        assertTrue(expected.garbageCount() > 0 && expected.garbageCount() < n, "seed " + seed + ": "
                + expected.summary());
    }

    @Test
    void aStateOfTheWrongTypeIsMalformed() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b").rawState("b", "not a heap").build();
        MalformedHeapException e = assertThrows(MalformedHeapException.class, () -> DETECTOR.detect(s));
        assertTrue(e.getMessage().contains("state of process b is a java.lang.String"), e.getMessage());
    }

    @Test
    void reclaimHandsEachProcessItsGarbageOnly() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").object("b", 1, "a:1").object("c", 1).root("c", 1)
                .build();
        GarbageReport r = DETECTOR.detect(s);
        java.util.Map<String, ObjectIds> handed = new java.util.LinkedHashMap<>();
        long n = r.reclaim(handed::put);
        assertEquals(2, n);
        assertEquals(java.util.Map.of("a", ObjectIds.of(1), "b", ObjectIds.of(1)), handed);
    }

    @Test
    void objectIdsAreASortedSet() {
        ObjectIds ids = ObjectIds.of(5, 1, 5, 3);
        assertEquals(List.of(1L, 3L, 5L), ids.toList());
        assertTrue(ids.contains(3) && !ids.contains(2));
        assertEquals(ObjectIds.of(List.of(3L, 1L, 5L)), ids);
        assertEquals(ObjectIds.empty(), ObjectIds.of());
    }
}
