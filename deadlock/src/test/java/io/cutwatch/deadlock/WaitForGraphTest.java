package io.cutwatch.deadlock;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The wait-for graph's own part: names, labels by edge position, input checks. The structure is the kernel's. */
class WaitForGraphTest {
    static WaitForGraph arrays(int n, int[] from, int[] to) {
        return WaitForGraph.fromArrays(n, from, to, new int[from.length], new String[] {"r"}, v -> "v" + v);
    }

    @Test
    void fromArraysNamesTheBadEdge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> arrays(3, new int[] {0, 1}, new int[] {1, 3}));
        assertEquals("edge 1 (1 -> 3) names a vertex outside 0..2", e.getMessage());
    }

    @Test
    void fromArraysNamesTheBadLabel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitForGraph.fromArrays(
                2, new int[] {0, 1}, new int[] {1, 0}, new int[] {0, 2}, new String[] {"r", "s"}, v -> "v" + v));
        assertEquals("edge 1 has label 2 outside the 2 label names", e.getMessage());
    }

    @Test
    void labelsFollowTheirEdgesIntoPositionAndDuplicatesAreKeptOnce() {
        WaitForEdge ab = new WaitForEdge("a", "b", "x");
        WaitForEdge ca = new WaitForEdge("c", "a", "y");
        WaitForEdge ac = new WaitForEdge("a", "c", "z");
        WaitForGraph g = WaitForGraph.of(List.of(ab, ca, ac, ab));
        assertEquals(3, g.vertexCount());
        assertEquals(3, g.edgeCount());
        // by source vertex (in order of first appearance), then insertion order
        assertEquals(List.of(ab, ac, ca), g.edges());
        assertEquals(0, g.indexOf("a"));
        assertEquals(-1, g.indexOf("d"));
        int a = g.indexOf("a");
        int first = g.digraph().firstEdge(a);
        assertEquals("x", g.labelName(g.label(first)));
        assertEquals(ac, g.edge(a, first + 1));
    }
}
