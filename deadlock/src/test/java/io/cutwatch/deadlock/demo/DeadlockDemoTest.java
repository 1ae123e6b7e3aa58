package io.cutwatch.deadlock.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlockDemoTest {
    @Test
    void theDemoDeadlocksReportsAbortsAndCompletesOnSeveralSeeds() {
        for (long seed : new long[] {7, 1, 2, 3, 42}) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            boolean ok = DeadlockDemo.run(seed, new PrintStream(buf, true, StandardCharsets.UTF_8));
            String out = buf.toString(StandardCharsets.UTF_8);
            assertTrue(ok, "seed " + seed + ":\n" + out);
            assertTrue(out.contains("cycle:  t1 -[r0@p2]-> t2 -[r0@p0]-> t3 -[r0@p1]-> t1"), "seed " + seed + ":\n" + out);
            assertTrue(out.contains("digraph waitfor {"), "seed " + seed + ": DOT printed\n" + out);
            assertTrue(out.contains("aborting victim t3"), "seed " + seed + ":\n" + out);
            assertTrue(out.contains("All transactions completed."), "seed " + seed + ":\n" + out);
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            DeadlockDemo.run(seed, new PrintStream(again, true, StandardCharsets.UTF_8));
            assertEquals(out, again.toString(StandardCharsets.UTF_8), "seed " + seed + ": the demo is reproducible");
        }
    }
}
