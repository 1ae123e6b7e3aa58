package io.cutwatch.gc.demo;

import io.cutwatch.gc.GarbageCycle;
import io.cutwatch.gc.GarbageReport;
import io.cutwatch.gc.ObjectRef;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcDemoTest {
    @Test
    void theDefaultDemoShowsADistributedCycleAndReclaimsForGood() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GcDemo.Result r = GcDemo.run(7, 4, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(r.first().distributedCycles().isEmpty(), out);
        assertTrue(r.reclaimed() > 0, out);
        assertEquals(r.first().garbageCount(), r.reclaimed(), out);
        assertEquals(0, r.foundAgain(), out);
        assertTrue(out.contains("second run: 0 of the " + r.reclaimed() + " reclaimed objects found again"), out);
        assertTrue(out.contains("  over [p"), out);
    }

    @Test
    void otherSeedsAndSizesHoldToo() {
        for (long seed = 1; seed <= 20; seed++) {
            GcDemo.Result r = GcDemo.run(seed, 2 + (int) (seed % 5), new PrintStream(new ByteArrayOutputStream()));
            assertEquals(0, r.foundAgain(), "seed " + seed);
            assertTrue(r.first().found(), "seed " + seed + ": " + r.first().summary());
        }
    }

    @Test
    void theDemoComparesReferenceCountingOnTheSameSnapshotAndItMissesExactlyWhatTheCyclesRetain() {
        for (long seed : new long[] {7, 1, 2, 3, 11}) {
            int processes = seed == 7 ? 4 : 2 + (int) (seed % 5);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            GcDemo.Result r = GcDemo.run(seed, processes, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            String where = "seed " + seed + ":\n" + out;
            GarbageReport first = r.first();
            Set<ObjectRef> garbage = new TreeSet<>();
            first.garbage().forEach((p, ids) -> ids.stream().forEach(id -> garbage.add(new ObjectRef(p, id))));
            assertTrue(garbage.containsAll(r.freedByCounting()), "reference counting freed a live object: " + where);
            Set<ObjectRef> missed = new TreeSet<>(garbage);
            missed.removeAll(r.freedByCounting());
            assertEquals(missed, r.missedByCounting(), where);
            assertEquals(first.retainedByCycles(), missed.size(), "missed = what the cycles retain: " + where);
            long members = 0;
            for (GarbageCycle c : first.distributedCycles()) {
                assertTrue(missed.containsAll(c.members()), "reference counting freed part of " + c + ": " + where);
                members += c.size();
            }
            assertTrue(r.ok(), where);

            assertTrue(out.contains("baseline on the same snapshot: reference counting with local tracing"), where);
            assertTrue(out.contains("  frees " + r.freedByCounting().size() + " of the " + first.garbageCount()
                    + " garbage objects (and nothing live); misses " + missed.size() + ":"), where);
            assertTrue(out.contains("  why: the " + missed.size() + " missed are the " + members + " members of the "
                    + first.distributedCycles().size() + " distributed cycles and " + (missed.size() - members)), where);
            assertTrue(out.contains("  check: missed = what the report says the cycles retain ("
                    + first.retainedByCycles() + "); freed = the other " + r.freedByCounting().size()
                    + " garbage objects"), where);
            assertTrue(out.indexOf("baseline on the same snapshot") < out.indexOf("reclaim: "),
                    "the comparison is on the first snapshot, before reclaiming: " + where);
        }
    }
}
