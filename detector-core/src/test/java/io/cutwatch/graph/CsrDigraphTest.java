package io.cutwatch.graph;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsrDigraphTest {
    @Test
    void edgesAreGroupedByTailInInputOrderWithTheirData() {
        int[] from = {2, 0, 2, 1, 0, 2};
        int[] to = {0, 1, 1, 1, 2, 2};
        int[] data = {10, 11, 12, 13, 14, 15};
        int[] out = new int[6];
        CsrDigraph g = CsrDigraph.fromEdges(4, from, to, data, out);
        assertEquals(4, g.vertexCount());
        assertEquals(6, g.edgeCount());
        assertEquals(2, g.outDegree(0));
        assertEquals(0, g.outDegree(3));
        assertArrayEquals(new int[] {0, 2, 3, 6, 6}, new int[] {g.firstEdge(0), g.firstEdge(1), g.firstEdge(2),
                g.firstEdge(3), g.endEdge(3)});
        int[] targets = new int[6];
        for (int e = 0; e < 6; e++) {
            targets[e] = g.target(e);
        }
        assertArrayEquals(new int[] {1, 2, 1, 0, 1, 2}, targets);
        assertArrayEquals(new int[] {11, 14, 13, 10, 12, 15}, out);
    }

    @Test
    void fromEdgesNamesTheBadEdge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsrDigraph.fromEdges(3, new int[] {0, 1}, new int[] {1, 3}));
        assertEquals("edge 1 (1 -> 3) names a vertex outside 0..2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsrDigraph.fromEdges(3, new int[] {0}, new int[0]));
        assertEquals("edge arrays differ in length: from 1, to 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsrDigraph.fromEdges(-1, new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class,
                () -> CsrDigraph.fromEdges(2, new int[] {0}, new int[] {1}, new int[] {5}, null));
    }

    @Test
    void ofChecksTheArraysShape() {
        CsrDigraph g = CsrDigraph.of(new int[] {0, 1, 1}, new int[] {1});
        assertEquals(2, g.vertexCount());
        assertEquals(1, g.target(g.firstEdge(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsrDigraph.of(new int[] {0, 1, 1}, new int[] {7}));
        assertEquals("targets[0] = 7 is not a vertex (0..1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsrDigraph.of(new int[] {0, 2, 1}, new int[] {0}));
        assertEquals("offsets decrease at vertex 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsrDigraph.of(new int[] {0, 1}, new int[0]));
        assertEquals("offsets must run from 0 to the edge count 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsrDigraph.of(new int[0], new int[0]));
        assertEquals(0, CsrDigraph.of(new int[] {0}, new int[0]).vertexCount());
    }

    @Test
    void theInducedSubgraphKeepsTheEdgesInsideRenumberedByRank() {
        // 0 -> 1, 0 -> 3, 1 -> 2, 3 -> 0, 3 -> 3, 4 -> 3; keep {0, 3, 4}
        CsrDigraph g = CsrDigraph.fromEdges(5, new int[] {0, 0, 1, 3, 3, 4}, new int[] {1, 3, 2, 0, 3, 3});
        CsrDigraph sub = g.induced(VertexSet.of(5, 4, 0, 3));
        assertEquals(3, sub.vertexCount());
        assertEquals(4, sub.edgeCount());
        // 0 -> 3 becomes 0 -> 1; 3 -> 0, 3 -> 3 become 1 -> 0, 1 -> 1; 4 -> 3 becomes 2 -> 1
        assertArrayEquals(new int[] {0, 1, 3, 4}, new int[] {sub.firstEdge(0), sub.firstEdge(1), sub.firstEdge(2),
                sub.endEdge(2)});
        assertArrayEquals(new int[] {1, 0, 1, 1}, new int[] {sub.target(0), sub.target(1), sub.target(2), sub.target(3)});
        assertEquals(0, g.induced(VertexSet.of(5)).vertexCount());
        assertThrows(IllegalArgumentException.class, () -> g.induced(VertexSet.of(4)));
    }
}
