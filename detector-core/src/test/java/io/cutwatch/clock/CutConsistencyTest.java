package io.cutwatch.clock;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CutConsistencyTest {
    @Test
    void findsTheFirstPairThatKnowsMoreThanWasRecorded() {
        // p1 knows 3 events of p0, which recorded 2; p2 knows 5 of p1, which recorded 4
        long[][] f = {{2, 0, 0}, {3, 4, 0}, {0, 5, 1}};
        CutConsistency.Violation v = CutConsistency.firstViolation(3, (j, i) -> f[j][i]);
        assertEquals(new CutConsistency.Violation(1, 3, 0, 2), v);
        assertFalse(CutConsistency.isConsistent(3, (j, i) -> f[j][i]));
    }

    @Test
    void agreesWithThePairwiseDefinitionOnRandomFrontiers() {
        for (long seed = 1; seed <= 500; seed++) {
            Random rnd = new Random(seed);
            int n = rnd.nextInt(6);
            long[][] f = new long[n][n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    f[j][i] = rnd.nextInt(4);
                }
            }
            int[] expected = null;
            for (int j = 0; j < n && expected == null; j++) {
                for (int i = 0; i < n && expected == null; i++) {
                    if (f[j][i] > f[i][i]) {
                        expected = new int[] {j, i};
                    }
                }
            }
            CutConsistency.Violation v = CutConsistency.firstViolation(n, (j, i) -> f[j][i]);
            if (expected == null) {
                assertNull(v, "seed " + seed);
                assertTrue(CutConsistency.isConsistent(n, (j, i) -> f[j][i]));
            } else {
                assertEquals(new CutConsistency.Violation(expected[0], f[expected[0]][expected[1]], expected[1],
                        f[expected[1]][expected[1]]), v, "seed " + seed);
            }
        }
    }
}
