package io.cutwatch.graph;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VertexSetTest {
    @Test
    void membersComplementAndScansAgreeWithABooleanArray() {
        for (long seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            int n = rnd.nextInt(300);
            boolean[] in = new boolean[n];
            int[] vs = new int[n == 0 ? 0 : rnd.nextInt(2 * n)];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = rnd.nextInt(n);
                in[vs[i]] = true;
            }
            VertexSet s = VertexSet.of(n, vs);
            VertexSet c = s.complement();
            int size = 0;
            for (int v = 0; v < n; v++) {
                size += in[v] ? 1 : 0;
                assertEquals(in[v], s.contains(v), "seed " + seed);
                assertEquals(!in[v], c.contains(v), "seed " + seed);
            }
            assertEquals(size, s.size(), "seed " + seed);
            assertEquals(n - size, c.size(), "seed " + seed);
            assertEquals(n, c.universe());
            for (int from = 0; from <= n; from++) {
                int next = -1;
                int nextNon = -1;
                for (int v = n - 1; v >= from; v--) {
                    if (in[v]) {
                        next = v;
                    } else {
                        nextNon = v;
                    }
                }
                assertEquals(next, s.nextMember(from), "seed " + seed + ", from " + from);
                assertEquals(nextNon, s.nextNonMember(from), "seed " + seed + ", from " + from);
                assertEquals(nextNon, c.nextMember(from), "seed " + seed + ", from " + from);
            }
            assertEquals(s, c.complement(), "seed " + seed);
            int rank = 0;
            for (int v = 0; v < n; v++) {
                assertEquals(in[v] ? rank : -1, s.rank(v), "seed " + seed + ", rank of " + v);
                rank += in[v] ? 1 : 0;
            }
            assertArrayEquals(java.util.stream.IntStream.range(0, n).filter(v -> in[v]).toArray(), s.toArray());
        }
    }

    @Test
    void verticesOutsideTheUniverseAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VertexSet.of(3, 0, 3));
        assertEquals("3 is not a vertex (0..2)", e.getMessage());
    }
}
