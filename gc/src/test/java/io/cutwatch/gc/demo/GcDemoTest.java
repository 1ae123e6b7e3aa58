package io.cutwatch.gc.demo;

import io.cutwatch.gc.CycleExplanation;
import io.cutwatch.gc.GarbageCycle;
import io.cutwatch.gc.GarbageReport;
import io.cutwatch.gc.ObjectRef;
import io.cutwatch.gc.Retainer;
import io.cutwatch.gc.RetentionPath;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    @Test
    void theExplanationsPrintedAreTheRightOnes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GcDemo.Result r = GcDemo.run(7, 4, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        GcDemo.Explanations x = r.explained();
        GlobalSnapshot<HeapState> snap = x.snapshot();

        // whyAlive: an object only a message in transit keeps alive, and a valid path to it from that message.
        RetentionPath path = x.whyAlive();
        assertTrue(x.onlyInTransit(), out);
        assertEquals(RetentionPath.Root.IN_TRANSIT, path.root(), out);
        assertFalse(reachable(snap, false, null).contains(path.target()), "a local root reaches " + path.target());
        ChannelId channel = path.inTransitOn().orElseThrow();
        assertTrue(snap.channel(channel.from(), channel.to()).stream().anyMatch(m -> m instanceof StoreMessage s
                && s.references().contains(path.path().get(0))), "no message on " + channel + " carries the root: " + out);
        for (int i = 0; i + 1 < path.path().size(); i++) {
            ObjectRef holder = path.path().get(i);
            List<ObjectRef> refs = snap.state(holder.process()).objects().get(holder.objectId());
            assertTrue(refs != null && refs.contains(path.path().get(i + 1)), holder + " does not hold the next link: " + out);
        }
        assertTrue(out.contains("  detector.whyAlive(snapshot, " + path.target() + "), an object no local root reaches:"
                + " only a message in transit keeps it alive:\n    " + path.describe() + "\n"), out);

        // largestRetainers: against removing each live object and counting what the roots no longer reach.
        Set<ObjectRef> live = reachable(snap, true, null);
        List<Retainer> expected = new ArrayList<>();
        for (ObjectRef d : live) {
            Set<ObjectRef> without = reachable(snap, true, d);
            Map<String, Long> spread = new TreeMap<>();
            for (ObjectRef v : live) {
                if (!without.contains(v)) {
                    spread.merge(v.process(), 1L, Long::sum);
                }
            }
            expected.add(new Retainer(d, spread.values().stream().mapToLong(Long::longValue).sum(), spread));
        }
        expected.sort(Comparator.comparingLong(Retainer::retained).reversed().thenComparing(Retainer::object));
        assertEquals(expected.subList(0, GcDemo.RETAINERS), x.largest(), out);
        Retainer top = x.largest().get(0);
        assertTrue(out.contains("  detector.largestRetainers(snapshot, 3):\n    " + top.object() + " retains "
                + top.retained() + " objects ("), out);

        // explainCycles: one line per distributed cycle of the report, in its order.
        assertEquals(r.first().distributedCycles(), x.cycles().stream().map(CycleExplanation::cycle).toList(), out);
        for (CycleExplanation e : x.cycles()) {
            assertTrue(out.contains("\n    " + e.describe() + "\n"), out);
        }
        assertTrue(out.indexOf("explanations of the same snapshot") < out.indexOf("reclaim: "), out);
    }

    /**
     * The objects reachable over the recorded states from the local roots and, if {@code withMessages},
     * from the references in messages recorded in transit, never entering {@code removed}.
     */
    private static Set<ObjectRef> reachable(GlobalSnapshot<HeapState> snap, boolean withMessages, ObjectRef removed) {
        Set<ObjectRef> seen = new HashSet<>();
        ArrayDeque<ObjectRef> queue = new ArrayDeque<>();
        List<ObjectRef> roots = new ArrayList<>();
        for (String p : snap.processes()) {
            snap.state(p).roots().forEach(id -> roots.add(new ObjectRef(p, id)));
        }
        if (withMessages) {
            snap.channels().values().forEach(msgs -> msgs.forEach(m -> {
                if (m instanceof StoreMessage s) {
                    roots.addAll(s.references());
                }
            }));
        }
        for (ObjectRef r : roots) {
            if (!r.equals(removed) && seen.add(r)) {
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            ObjectRef r = queue.poll();
            List<ObjectRef> refs = snap.state(r.process()).objects().get(r.objectId());
            for (ObjectRef t : refs == null ? List.<ObjectRef>of() : refs) {
                if (!t.equals(removed) && seen.add(t)) {
                    queue.add(t);
                }
            }
        }
        return seen;
    }
}
