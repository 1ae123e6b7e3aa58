package io.cutwatch.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** A {@link ReportStore} in this JVM's memory: a ring of the last {@code capacity} reports. Thread-safe; add is O(1). */
public final class InMemoryReportStore implements ReportStore {
    /** The capacity {@link DetectionJobs} uses unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 1_000;

    private final int capacity;
    private final ArrayDeque<Report> reports;

    public InMemoryReportStore() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryReportStore(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("report store capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.reports = new ArrayDeque<>(Math.min(capacity, 1_024));
    }

    @Override
    public synchronized void add(Report report) {
        Objects.requireNonNull(report, "report");
        if (reports.size() == capacity) {
            reports.removeFirst();
        }
        reports.addLast(report);
    }

    @Override
    public synchronized List<Report> recent(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        List<Report> out = new ArrayList<>(Math.min(max, reports.size()));
        Iterator<Report> it = reports.descendingIterator();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public synchronized int size() {
        return reports.size();
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
