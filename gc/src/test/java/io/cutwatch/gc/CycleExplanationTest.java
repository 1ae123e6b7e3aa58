package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code explainCycles}: what each distributed cycle retains and the cross-process references that close it. */
class CycleExplanationTest {
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void twoCyclesSharingRetainedGarbageEachListItAndTheirClosingReferences() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                // cycle 1: a:1 <-> b:1, retains b:2 (shared) and a:5 (its own)
                .object("a", 1, "b:1", "a:5").object("b", 1, "a:1", "b:2").object("a", 5)
                // cycle 2: b:3 -> c:1 -> c:2 -> b:3, plus a second closing chain c:1 -> b:3;
                // retains b:2 (shared) through c:2 -> b:2 -> c:9
                .object("b", 3, "c:1").object("c", 1, "c:2", "b:3").object("c", 2, "b:3", "b:2")
                .object("b", 2, "c:9").object("c", 9)
                // live: a root holding nothing of the above; a message in transit pinning c:7
                .object("a", 9).root("a", 9).object("c", 7)
                .inTransit("a", "c", new StoreMessage.Adopt(ref("c:7")))
                .build();
        GarbageReport r = DETECTOR.detect(s);
        List<CycleExplanation> ex = DETECTOR.explainCycles(s);

        assertEquals(r.distributedCycles(), ex.stream().map(CycleExplanation::cycle).toList(),
                "the same cycles in the same order as the report");
        CycleExplanation first = ex.get(0);
        CycleExplanation second = ex.get(1);
        assertEquals(List.of(ref("a:1"), ref("b:1")), first.cycle().members());
        assertEquals(List.of(ref("a:5"), ref("b:2"), ref("c:9")), first.retained());
        assertEquals(List.of(new CycleReference(ref("a:1"), ref("b:1"), true),
                new CycleReference(ref("b:1"), ref("a:1"), true)), first.closing());

        assertEquals(List.of(ref("b:3"), ref("c:1"), ref("c:2")), second.cycle().members());
        assertEquals(List.of(ref("b:2"), ref("c:9")), second.retained(), "b:2 and c:9 are retained by both");
        assertEquals(List.of(new CycleReference(ref("b:3"), ref("c:1"), true),
                new CycleReference(ref("c:1"), ref("b:3"), false),
                new CycleReference(ref("c:2"), ref("b:3"), true)), second.closing(),
                "b:3 -> c:1 is the only way into c, c:2 -> b:3 the only way out of c:2;"
                        + " c:1 -> b:3 has c:1 -> c:2 -> b:3 beside it");

        // Every retained object is garbage and not a member; the union with the members is what
        // the report says the cycles retain.
        java.util.Set<ObjectRef> union = new java.util.TreeSet<>();
        for (CycleExplanation e : ex) {
            for (ObjectRef o : e.retained()) {
                assertTrue(r.isGarbage(o), o + " is garbage");
                assertTrue(!e.cycle().members().contains(o), o + " is outside its cycle");
            }
            union.addAll(e.retained());
            union.addAll(e.cycle().members());
        }
        assertEquals(r.retainedByCycles(), union.size());
        assertEquals("cycle over [a, b] [a:1, b:1]; retains [a:5, b:2, c:9]; closed by "
                + "a:1 -> b:1 (breaks the cycle alone), b:1 -> a:1 (breaks the cycle alone)", first.describe());
    }

    @Test
    void noCycleNoExplanation() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "a:2").object("a", 2, "a:1").object("b", 1).root("b", 1)
                .build();
        assertEquals(List.of(), DETECTOR.explainCycles(s), "a local cycle is not distributed");
    }
}
