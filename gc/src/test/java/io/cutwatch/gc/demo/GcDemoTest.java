package io.cutwatch.gc.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
}
