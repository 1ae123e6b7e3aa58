package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which objects keep the most alive, across processes (the dominator tree itself is checked in detector-core). */
class RetainedSetsTest {
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void theLargestRetainersComeFirstWithTheirSpreadOverProcesses() {
        // a:1 (root) -> b:1 -> {b:2, c:1 -> c:2}; a:2 (root) -> a:3; b:9 is garbage; c:5 only in transit.
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").root("a", 1)
                .object("b", 1, "b:2", "c:1").object("b", 2).object("c", 1, "c:2").object("c", 2)
                .object("a", 2, "a:3").object("a", 3).root("a", 2)
                .object("b", 9).object("c", 5)
                .inTransit("a", "c", new StoreMessage.Adopt(ref("c:5")))
                .build();
        List<Retainer> top = DETECTOR.largestRetainers(s, 3);
        assertEquals(List.of(ref("a:1"), ref("b:1"), ref("a:2")), top.stream().map(Retainer::object).toList());
        assertEquals(5, top.get(0).retained());
        assertEquals(Map.of("a", 1L, "b", 2L, "c", 2L), top.get(0).perProcess());
        assertEquals(4, top.get(0).retainedElsewhere());
        assertEquals(4, top.get(1).retained());
        assertEquals(2, top.get(2).retained());
        assertEquals(0, DETECTOR.largestRetainers(s, 0).size());
        assertThrows(IllegalArgumentException.class, () -> DETECTOR.largestRetainers(s, -1));
    }

    @Test
    void anObjectReachableFromTwoRootsIsRetainedByNeither() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").root("a", 1)
                .object("b", 2, "b:1").root("b", 2)
                .object("b", 1, "b:3").object("b", 3)
                .build();
        List<Retainer> top = DETECTOR.largestRetainers(s, 10);
        Retainer shared = top.stream().filter(r -> r.object().equals(ref("b:1"))).findFirst().orElseThrow();
        assertEquals(2, shared.retained(), "b:1 retains itself and b:3");
        assertEquals(1, top.stream().filter(r -> r.object().equals(ref("a:1"))).findFirst().orElseThrow().retained(),
                "a:1 retains only itself: b:2 also reaches b:1");
    }
}
