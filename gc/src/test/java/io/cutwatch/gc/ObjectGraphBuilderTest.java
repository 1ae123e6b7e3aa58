package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph the builder makes from random heaps, through adapters that report the same heap in
 * different orders, with and without telling the object count, against a graph built naively
 * from the recorded states (one map lookup per reference).
 */
class ObjectGraphBuilderTest {
    private static final ObjectStoreAdapter STORE = new ObjectStoreAdapter();

    /** The store adapter without its object count: the builder counts in a pass of its own. */
    private static final HeapAdapter<HeapState> UNCOUNTED = STORE::describe;

    /** All objects first, then their references in declaration order; tells the count. */
    private static final HeapAdapter<HeapState> OBJECTS_FIRST = new HeapAdapter<>() {
        @Override
        public void describe(String process, HeapState state, HeapSink out) {
            state.heap().forEach(o -> out.object(o.id()));
            state.heap().forEach(o -> o.references().forEach(r -> out.reference(o.id(), r)));
            state.roots().forEach(out::root);
        }

        @Override
        public int objectCount(String process, HeapState state) {
            return state.heap().size();
        }
    };

    /** Objects in reverse order, references shuffled (the same way on every read). */
    private static final HeapAdapter<HeapState> SHUFFLED = (process, state, out) -> {
        List<HeapState.HeapObject> objects = new ArrayList<>(state.heap());
        Collections.reverse(objects);
        objects.forEach(o -> out.object(o.id()));
        List<Object[]> all = new ArrayList<>();
        state.heap().forEach(o -> o.references().forEach(r -> all.add(new Object[] {o.id(), r})));
        Collections.shuffle(all, new Random(state.heap().size()));
        all.forEach(ed -> out.reference((Long) ed[0], (ObjectRef) ed[1]));
        state.roots().forEach(out::root);
    };

    @Test
    void everyAdapterOrderGivesTheNaiveGraph() {
        int checkedEdges = 0;
        int checkedDangling = 0;
        int longSkips = 0;
        for (long seed = 1; seed <= 100; seed++) {
            Random rnd = new Random(seed);
            String[] names = processes(2 + rnd.nextInt(4));
            HandSnapshot h = HandSnapshot.over(names);
            Map<String, long[]> ids = randomObjects(rnd, names);
            // References: degrees 0..3, with runs of objects holding none (longer than the builder's scan),
            // targets anywhere, about 2% to ids no process holds.
            for (String p : names) {
                long[] own = ids.get(p);
                int run = 0;
                for (long id : own) {
                    boolean silent = run > 0 || rnd.nextInt(20) == 0;
                    if (run == 0 && silent) {
                        run = 1 + rnd.nextInt(20);
                        longSkips += run > 8 ? 1 : 0;
                    }
                    List<String> refs = new ArrayList<>();
                    if (silent) {
                        run--;
                    } else {
                        for (int k = rnd.nextInt(4); k > 0; k--) {
                            String q = names[rnd.nextInt(names.length)];
                            long[] there = ids.get(q);
                            long target = rnd.nextInt(50) == 0 || there.length == 0 ? -1 - rnd.nextInt(1000)
                                    : there[rnd.nextInt(there.length)];
                            refs.add(q + ":" + target);
                        }
                    }
                    h.object(p, id, refs.toArray(new String[0]));
                    if (rnd.nextInt(10) == 0) {
                        h.root(p, id);
                    }
                }
            }
            GlobalSnapshot<Object> s = h.build();
            Naive expected = Naive.of(s);
            checkedEdges += expected.edges.size();
            checkedDangling += expected.dangling.size();
            for (HeapAdapter<HeapState> adapter : List.of(STORE, UNCOUNTED, OBJECTS_FIRST, SHUFFLED)) {
                ObjectGraph g = ObjectGraphBuilder.build(s, HeapState.class, adapter);
                boolean sameOrder = adapter != SHUFFLED;
                String why = "seed " + seed + (adapter == STORE ? ", store adapter" : adapter == UNCOUNTED ? ", uncounted"
                        : adapter == OBJECTS_FIRST ? ", objects first" : ", shuffled");
                expected.assertSameAs(g, sameOrder, why);
            }
        }
        assertTrue(checkedEdges > 10_000 && checkedDangling > 100 && longSkips > 100,
                checkedEdges + " edges, " + checkedDangling + " dangling, " + longSkips + " long runs without references");
    }

    @Test
    void anObjectCountThatDisagreesWithDescribeIsMalformed() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "a:2").object("a", 2).object("b", 7, "a:1").root("b", 7).build();
        for (int told : new int[] {1, 3}) {
            HeapAdapter<HeapState> miscounting = tellingForA(told);
            MalformedHeapException e = assertThrows(MalformedHeapException.class,
                    () -> GarbageDetector.of(HeapState.class, miscounting).detect(s));
            String declared = told == 1 ? "more objects" : "2 objects";
            assertTrue(e.getMessage().contains("the adapter's objectCount for process a is " + told
                    + " but describe declares " + declared), e.getMessage());
            assertEquals(1, e.snapshotId());
        }
    }

    @Test
    void anObjectCountTooLargeForTheHeapIsOneClearError() {
        // Tests run with -Xmx2g: a billion objects' ids alone would need 8 GB.
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "a:2").object("a", 2).object("b", 7, "a:1").root("b", 7).build();
        HeapAdapter<HeapState> huge = tellingForA(1_000_000_000);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GarbageDetector.of(HeapState.class, huge).detect(s));
        assertTrue(e.getMessage().startsWith("snapshot 1: 1000000001 objects (the adapter's objectCount told "
                + "a=1000000000, b=1) do not fit in this JVM's heap"), e.getMessage());
    }

    /** The store adapter, telling {@code told} as process a's object count and the true count elsewhere. */
    private static HeapAdapter<HeapState> tellingForA(int told) {
        return new HeapAdapter<>() {
            @Override
            public void describe(String process, HeapState state, HeapSink out) {
                STORE.describe(process, state, out);
            }

            @Override
            public int objectCount(String process, HeapState state) {
                return process.equals("a") ? told : state.heap().size();
            }
        };
    }

    private static String[] processes(int count) {
        String[] p = new String[count];
        for (int i = 0; i < count; i++) {
            p[i] = "p" + i;
        }
        return p;
    }

    /** 0..400 objects per process with sparse random non-negative ids. */
    private static Map<String, long[]> randomObjects(Random rnd, String[] processes) {
        Map<String, long[]> ids = new HashMap<>();
        for (String p : processes) {
            TreeSet<Long> set = new TreeSet<>();
            int n = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(400);
            while (set.size() < n) {
                set.add(rnd.nextLong() >>> 1);
            }
            ids.put(p, set.stream().mapToLong(Long::longValue).toArray());
        }
        return ids;
    }

    /** The graph of a snapshot of {@link HeapState}s, built with maps: nodes in declaration order. */
    private record Naive(List<ObjectRef> nodes, List<List<ObjectRef>> edges, List<ObjectRef[]> dangling, long remote) {
        static Naive of(GlobalSnapshot<Object> s) {
            List<ObjectRef> nodes = new ArrayList<>();
            Map<ObjectRef, Integer> index = new HashMap<>();
            for (String p : s.processes()) {
                for (HeapState.HeapObject o : ((HeapState) s.states().get(p)).heap()) {
                    index.put(new ObjectRef(p, o.id()), nodes.size());
                    nodes.add(new ObjectRef(p, o.id()));
                }
            }
            List<List<ObjectRef>> edges = new ArrayList<>();
            List<ObjectRef[]> dangling = new ArrayList<>();
            long remote = 0;
            for (String p : s.processes()) {
                for (HeapState.HeapObject o : ((HeapState) s.states().get(p)).heap()) {
                    List<ObjectRef> out = new ArrayList<>();
                    for (ObjectRef r : o.references()) {
                        if (index.containsKey(r)) {
                            out.add(r);
                            remote += r.process().equals(p) ? 0 : 1;
                        } else {
                            dangling.add(new ObjectRef[] {new ObjectRef(p, o.id()), r});
                        }
                    }
                    edges.add(out);
                }
            }
            return new Naive(nodes, edges, dangling, remote);
        }

        /** Same objects and references; in the same node order and reference order too if {@code sameOrder}. */
        void assertSameAs(ObjectGraph g, boolean sameOrder, String why) {
            assertEquals(nodes.size(), g.nodeCount(), why);
            Map<ObjectRef, List<ObjectRef>> got = new HashMap<>();
            for (int v = 0; v < g.nodeCount(); v++) {
                if (sameOrder) {
                    assertEquals(nodes.get(v), g.ref(v), why + ": node " + v);
                }
                List<ObjectRef> out = new ArrayList<>();
                for (int k = 0; k < g.outDegree(v); k++) {
                    out.add(g.ref(g.target(v, k)));
                }
                got.put(g.ref(v), out);
            }
            for (int v = 0; v < nodes.size(); v++) {
                List<ObjectRef> want = new ArrayList<>(edges.get(v));
                List<ObjectRef> have = got.get(nodes.get(v));
                assertTrue(have != null, why + ": no node for " + nodes.get(v));
                if (!sameOrder) {
                    want.sort(null);
                    have.sort(null);
                }
                assertEquals(want, have, why + ": references of " + nodes.get(v));
            }
            assertEquals(remote, g.remoteEdgeCount(), why);
            List<String> wantDangling = new ArrayList<>();
            for (ObjectRef[] d : dangling) {
                wantDangling.add(d[0] + "->" + d[1]);
            }
            List<String> gotDangling = new ArrayList<>();
            for (int k = 0; k < g.danglingCount(); k++) {
                gotDangling.add(g.ref(g.danglingSource(k)) + "->" + g.danglingTarget(k));
            }
            wantDangling.sort(null);
            gotDangling.sort(null);
            assertEquals(wantDangling, gotDangling, why + ": dangling references");
        }
    }
}
