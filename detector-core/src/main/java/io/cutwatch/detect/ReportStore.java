package io.cutwatch.detect;

import java.util.List;

/**
 * A bounded history of reports: once it holds {@link #capacity()} reports, adding one drops the
 * oldest. In memory ({@link InMemoryReportStore}) or, where a cluster is present, shared by its
 * members ({@code io.cutwatch.hazelcast.jobs.IMapReportStore}).
 *
 * <p>Implementations are thread-safe. Order is the order of {@link #add} calls on one member;
 * a shared store orders reports from different members approximately (by time of adding).
 */
public interface ReportStore {
    /** Stores {@code report}, evicting the oldest if the store is full. */
    void add(Report report);

    /** Up to {@code max} most recent reports, oldest first. */
    List<Report> recent(int max);

    /** The most recent reports of {@code job}, oldest first, at most {@code max}. */
    default List<Report> recent(String job, int max) {
        List<Report> all = recent(capacity());
        List<Report> mine = new java.util.ArrayList<>();
        for (Report r : all) {
            if (r.job().equals(job)) {
                mine.add(r);
            }
        }
        return mine.subList(Math.max(0, mine.size() - max), mine.size());
    }

    /** Reports held now (at most {@link #capacity()}). */
    int size();

    /** The maximum number of reports kept. */
    int capacity();
}
