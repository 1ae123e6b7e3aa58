package io.cutwatch.gc;

import io.cutwatch.gc.baseline.ReferenceCountingCollector;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public reference-counting baseline on hand-built snapshots: what it frees, what it keeps, bad input. */
class ReferenceCountingCollectorTest {
    static final ReferenceCountingCollector<HeapState> RC =
            ReferenceCountingCollector.of(HeapState.class, new ObjectStoreAdapter());
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void aRemoteChainIsFreedLinkByLinkAndAGarbageCycleWithWhatItReferencesIsKept() {
        // a:1 -> b:1 -> c:1 -> a:2: acyclic garbage over three processes, freed as the counts drop.
        // b:5 <-> c:5 is a distributed cycle; it references a:6, which it keeps alive too.
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").object("b", 1, "c:1").object("c", 1, "a:2").object("a", 2)
                .object("b", 5, "c:5").object("c", 5, "b:5", "a:6").object("a", 6)
                .object("a", 9, "b:9").root("a", 9).object("b", 9)
                .build();
        assertEquals(Set.of(ref("a:1"), ref("b:1"), ref("c:1"), ref("a:2")), RC.collect(s));
        GarbageReport r = DETECTOR.detect(s);
        assertEquals(List.of(ref("b:5"), ref("c:5")), r.distributedCycles().get(0).members());
        assertEquals(Set.of(ref("a:6"), ref("b:5"), ref("c:5")), ReferenceCountingCollector.missed(r, RC.collect(s)));
        assertEquals(r.retainedByCycles(), ReferenceCountingCollector.missed(r, RC.collect(s)).size());
        assertEquals(Map.of("a", ObjectIds.of(6), "b", ObjectIds.of(5), "c", ObjectIds.of(5)),
                ReferenceCountingCollector.byProcess(ReferenceCountingCollector.missed(r, RC.collect(s))));
    }

    @Test
    void aReferenceInTransitPinsItsObjectUntilDelivered() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "a:2").object("a", 2).object("a", 3)
                .inTransit("a", "b", new StoreMessage.Adopt(ref("a:1")))
                .build();
        assertEquals(Set.of(ref("a:3")), RC.collect(s));
        assertEquals(Set.of(ref("a:3")), GroundTruth.garbageOf(DETECTOR.detect(s)));
    }

    @Test
    void badInputIsAMalformedHeapNamingTheProcess() {
        GlobalSnapshot<Object> wrongType = HandSnapshot.over("a", "b").rawState("b", "not a heap").build();
        MalformedHeapException e = assertThrows(MalformedHeapException.class, () -> RC.collect(wrongType));
        assertTrue(e.getMessage().contains("process b") && e.getMessage().contains("java.lang.String"), e.getMessage());

        HeapAdapter<HeapState> twice = (process, state, out) -> {
            out.object(1);
            out.object(1);
        };
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b").build();
        e = assertThrows(MalformedHeapException.class, () -> ReferenceCountingCollector.of(HeapState.class, twice)
                .collect(s));
        assertTrue(e.getMessage().contains("declares object 1 twice"), e.getMessage());

        HeapAdapter<HeapState> undeclared = (process, state, out) -> out.reference(7, "b", 1);
        e = assertThrows(MalformedHeapException.class, () -> ReferenceCountingCollector.of(HeapState.class, undeclared)
                .collect(s));
        assertTrue(e.getMessage().contains("reference from object 7"), e.getMessage());
    }
}
