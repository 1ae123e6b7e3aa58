package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorRunnerTest {
    static GlobalSnapshot<?> snapshot(long seed) {
        Topology t = Topology.complete(Topology.ids("w", 3));
        Cutwatch cw = Cutwatch.simulated(t, seed);
        DiffusingApp.start(cw, 2, 2, 5, Duration.ofMillis(2));
        cw.simulation().runFor(Duration.ofMillis(3));
        return cw.simulation().await(cw.snapshots().initiate("w1"));
    }

    @Test
    void aThrowingDetectorYieldsAFailedReportWhileTheOthersSucceed() {
        for (long seed = 1; seed <= 20; seed++) {
            GlobalSnapshot<?> s = snapshot(seed);
            TestDetectors.Counting before = new TestDetectors.Counting("before");
            TestDetectors.Counting after = new TestDetectors.Counting("after");
            IllegalStateException boom = new IllegalStateException("wait-for graph has a dangling edge w9");
            List<Report> reports = DetectorRunner.run("job-a", s, List.of(before,
                    TestDetectors.throwing("broken", boom), new TerminationDetector(),
                    TestDetectors.overflowing("deep"), TestDetectors.returningNull("silent"), after));

            assertEquals(List.of("before", "broken", "termination", "deep", "silent", "after"),
                    reports.stream().map(Report::detector).toList(), "seed " + seed);
            for (Report r : reports) {
                assertEquals(s.id(), r.snapshotId(), "seed " + seed);
                assertEquals("job-a", r.job(), "seed " + seed);
            }
            Verdict even = s.id() % 2 == 0 ? Verdict.FOUND : Verdict.CLEAN;
            assertEquals(even, reports.get(0).verdict(), "seed " + seed);
            assertEquals(even, reports.get(5).verdict(), "seed " + seed);
            assertEquals(1, before.calls.get(), "seed " + seed);
            assertEquals(1, after.calls.get(), "seed " + seed);

            Report broken = reports.get(1);
            assertEquals(Verdict.FAILED, broken.verdict(), "seed " + seed);
            assertNull(broken.result(), "seed " + seed);
            assertEquals(new Report.Failure("IllegalStateException", "wait-for graph has a dangling edge w9"),
                    broken.failure(), "seed " + seed);

            Report termination = reports.get(2);
            assertTrue(termination.verdict() != Verdict.FAILED, "seed " + seed + ": " + termination);
            assertEquals(termination.verdict() == Verdict.FOUND,
                    ((TerminationResult) termination.result()).terminated(), "seed " + seed);

            assertEquals("StackOverflowError", reports.get(3).failure().type(), "seed " + seed);
            assertEquals("NullResult", reports.get(4).failure().type(), "seed " + seed);
            assertTrue(reports.get(4).failure().message().contains("silent"), reports.get(4).failure().message());
        }
    }

    @Test
    void aFoundResultGivesFoundAndKeepsTheResultObject() {
        GlobalSnapshot<?> s = snapshot(11);
        TestDetectors.Flag flag = new TestDetectors.Flag(true, "deadlock w0 -> w1 -> w0");
        Detector<TestDetectors.Flag> d = new Detector<>() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public TestDetectors.Flag detect(GlobalSnapshot<?> snapshot) {
                return flag;
            }
        };
        Report r = DetectorRunner.runOne("j", s, d);
        assertEquals(Verdict.FOUND, r.verdict());
        assertSame(flag, r.result());
        assertEquals("deadlock w0 -> w1 -> w0", r.summary());
        assertTrue(!r.took().isNegative());
    }

    @Test
    void reportRejectsInconsistentFields() {
        TestDetectors.Flag clean = new TestDetectors.Flag(false, "none");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Report("j", 4, "d", Verdict.FOUND, clean, null, Duration.ZERO));
        assertTrue(e.getMessage().contains("snapshot 4") && e.getMessage().contains("found()=false"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Report("j", 4, "d", Verdict.FAILED, clean, null, Duration.ZERO));
        assertTrue(e.getMessage().contains("FAILED report needs a failure"), e.getMessage());
    }
}
