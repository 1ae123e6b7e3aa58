package io.cutwatch.gc;

import io.cutwatch.gc.store.HeapState;
import io.cutwatch.gc.store.ObjectStoreAdapter;
import io.cutwatch.gc.store.StoreMessage;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.cutwatch.gc.HandSnapshot.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code whyAlive}: shortest retention paths across processes, from local roots or messages in transit. */
class WhyAliveTest {
    static final GarbageDetector<HeapState> DETECTOR = GarbageDetector.of(HeapState.class, new ObjectStoreAdapter());

    @Test
    void anObjectHeldOnlyByAMessageInTransitIsExplainedByThatMessagesChannel() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b", "c")
                .object("a", 1, "b:1").object("b", 1, "c:1").object("c", 1).object("c", 2).root("c", 2)
                .inTransit("c", "a", new StoreMessage.Adopt(ref("a:1")))
                .build();
        RetentionPath p = DETECTOR.whyAlive(s, ref("c:1")).orElseThrow();
        assertEquals(RetentionPath.Root.IN_TRANSIT, p.root());
        assertEquals(Optional.of(ChannelId.of("c", "a")), p.inTransitOn());
        assertEquals(List.of(ref("a:1"), ref("b:1"), ref("c:1")), p.path());
        assertEquals(2, p.length());
        assertEquals("c:1 is alive: in transit on c->a -> a:1 -> b:1 -> c:1", p.describe());
    }

    @Test
    void theShortestChainIsReportedAndALocalRootWinsATie() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                // a long chain a:1 -> a:2 -> a:3 -> b:5 and a short one b:1 -> b:5; b:5 also in transit
                .object("a", 1, "a:2").object("a", 2, "a:3").object("a", 3, "b:5").root("a", 1)
                .object("b", 1, "b:5").root("b", 1).object("b", 5).object("b", 6, "b:5")
                .inTransit("a", "b", new StoreMessage.Adopt(ref("b:6")))
                .build();
        RetentionPath p = DETECTOR.whyAlive(s, ref("b:5")).orElseThrow();
        assertEquals(List.of(ref("b:1"), ref("b:5")), p.path(), p.describe());
        assertEquals(RetentionPath.Root.LOCAL, p.root());
        RetentionPath self = DETECTOR.whyAlive(s, ref("a:1")).orElseThrow();
        assertEquals(0, self.length(), "a root explains itself");
    }

    @Test
    void garbageHasNoRetentionPathAndAnUnknownObjectIsAnError() {
        GlobalSnapshot<Object> s = HandSnapshot.over("a", "b")
                .object("a", 1, "b:1").object("b", 1, "a:1").object("b", 2).root("b", 2)
                .build();
        assertTrue(DETECTOR.whyAlive(s, ref("a:1")).isEmpty(), "a:1 <-> b:1 is a garbage cycle");
        assertTrue(DETECTOR.detect(s).isGarbage(ref("a:1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DETECTOR.whyAlive(s, ref("b:42")));
        assertTrue(e.getMessage().contains("b:42"), e.getMessage());
    }

    /** Random graphs: a path exists iff the object is reachable; it is valid and as short as a plain BFS says. */
    @Test
    void pathsAreValidAndShortestOnRandomGraphs() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            int procs = 1 + rnd.nextInt(3);
            int n = 1 + rnd.nextInt(30);
            int[] start = new int[procs + 1];
            for (int p = 1; p < procs; p++) {
                start[p] = Math.min(n, start[p - 1] + rnd.nextInt(n / procs + 1));
            }
            start[procs] = n;
            List<String> names = new ArrayList<>();
            for (int p = 0; p < procs; p++) {
                names.add("p" + p);
            }
            long[] ids = new long[n];
            for (int v = 0; v < n; v++) {
                ids[v] = 100 + v;
            }
            List<List<Integer>> adj = new ArrayList<>();
            int e = 0;
            for (int v = 0; v < n; v++) {
                List<Integer> out = new ArrayList<>();
                for (int k = rnd.nextInt(3); k > 0; k--) {
                    out.add(rnd.nextInt(n));
                }
                adj.add(out);
                e += out.size();
            }
            int[] offsets = new int[n + 1];
            int[] targets = new int[e];
            for (int v = 0, i = 0; v < n; v++) {
                for (int w : adj.get(v)) {
                    targets[i++] = w;
                }
                offsets[v + 1] = i;
            }
            int[] roots = rnd.ints(rnd.nextInt(3), 0, n).toArray();
            int[] inTransit = rnd.ints(rnd.nextInt(2), 0, n).toArray();
            ObjectGraph g = ObjectGraph.ofArrays(names, start, ids, offsets, targets, roots, inTransit);
            int[] dist = bfs(adj, n, roots, inTransit);
            for (int v = 0; v < n; v++) {
                Optional<RetentionPath> p = ShortestRetentionPath.to(g, g.ref(v));
                String why = "seed " + seed + ", node " + v;
                assertEquals(dist[v] >= 0, p.isPresent(), why);
                if (p.isEmpty()) {
                    continue;
                }
                List<ObjectRef> path = p.get().path();
                assertEquals(dist[v], p.get().length(), why + ": " + p.get());
                int first = g.nodeOf(path.get(0));
                boolean rootOk = p.get().root() == RetentionPath.Root.LOCAL ? contains(roots, first) : contains(inTransit, first);
                assertTrue(rootOk, why + ": path does not start at a root of its kind: " + p.get());
                for (int i = 0; i + 1 < path.size(); i++) {
                    int a = g.nodeOf(path.get(i));
                    int b = g.nodeOf(path.get(i + 1));
                    assertTrue(adj.get(a).contains(b), why + ": " + path.get(i) + " does not refer to " + path.get(i + 1));
                }
            }
        }
    }

    private static int[] bfs(List<List<Integer>> adj, int n, int[] roots, int[] inTransit) {
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int[] rs : new int[][] {roots, inTransit}) {
            for (int r : rs) {
                if (dist[r] < 0) {
                    dist[r] = 0;
                    q.add(r);
                }
            }
        }
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int w : adj.get(v)) {
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    q.add(w);
                }
            }
        }
        return dist;
    }

    private static boolean contains(int[] a, int x) {
        return Arrays.stream(a).anyMatch(y -> y == x);
    }
}
