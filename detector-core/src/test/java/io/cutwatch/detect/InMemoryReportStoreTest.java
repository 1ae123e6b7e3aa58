package io.cutwatch.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryReportStoreTest {
    static Report report(String job, long id) {
        return Report.of(job, id, "d", new TestDetectors.Flag(false, "x"), Duration.ZERO);
    }

    @Test
    void keepsTheLastCapacityReportsOldestFirst() {
        InMemoryReportStore store = new InMemoryReportStore(3);
        for (long i = 1; i <= 5; i++) {
            store.add(report(i % 2 == 0 ? "even" : "odd", i));
        }
        assertEquals(3, store.size());
        assertEquals(List.of(3L, 4L, 5L), store.recent(10).stream().map(Report::snapshotId).toList());
        assertEquals(List.of(4L, 5L), store.recent(2).stream().map(Report::snapshotId).toList());
        assertEquals(List.of(3L, 5L), store.recent("odd", 5).stream().map(Report::snapshotId).toList());
        assertEquals(List.of(5L), store.recent("odd", 1).stream().map(Report::snapshotId).toList());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryReportStore(0));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryReportStore(2).recent(-1));
    }
}
