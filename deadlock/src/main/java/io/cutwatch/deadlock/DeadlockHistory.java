package io.cutwatch.deadlock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deadlocks across a sequence of snapshots. Each deadlock gets an identity, its member set; the
 * history records when it was first seen (snapshot and time), the victim suggested then, and
 * when a later snapshot no longer shows it (resolved). Since a deadlock is stable and every
 * snapshot is a consistent cut, a deadlock first seen in snapshot k formed after snapshot k-1 was
 * taken (if k-1 did not show it) and before snapshot k: {@link Entry#detectedWithin()} bounds the
 * time from forming to detection; {@link Entry#resolvedAfter()} is the time from detection to the
 * first snapshot without it. A member set that deadlocks again after being resolved is a new entry.
 *
 * <p>Feed it every report of one job in snapshot order ({@link #observe}). Thread-safe. Memory:
 * one entry per deadlock seen; O(deadlocks in the report) per observation.
 */
public final class DeadlockHistory {
    /**
     * One deadlock's life as the snapshots tell it.
     *
     * @param members        its identity: the member set, sorted
     * @param firstSeen      the first snapshot that showed it
     * @param firstSeenAt    when that snapshot was taken
     * @param victim         the victim suggested in the first report
     * @param formedAfter    when the last snapshot before it that did not show it was taken; empty if
     *                       it was in the first report observed
     * @param resolvedIn     the first later snapshot that no longer showed it
     * @param resolvedAt     when that snapshot was taken
     * @param timesSeen      in how many snapshots it appeared
     */
    public record Entry(Set<String> members, long firstSeen, Instant firstSeenAt, String victim,
                        Optional<Instant> formedAfter, Optional<Long> resolvedIn, Optional<Instant> resolvedAt,
                        int timesSeen) {
        public Entry {
            members = Set.copyOf(members);
        }

        /** Upper bound on the time from the deadlock forming to its detection, if the history saw it form. */
        public Optional<Duration> detectedWithin() {
            return formedAfter.map(t -> Duration.between(t, firstSeenAt));
        }

        /** Time from detection to the first snapshot without it, once resolved. */
        public Optional<Duration> resolvedAfter() {
            return resolvedAt.map(t -> Duration.between(firstSeenAt, t));
        }

        public boolean resolved() {
            return resolvedIn.isPresent();
        }
    }

    private final List<Entry> closed = new ArrayList<>();
    /** Open deadlocks by identity, in order of first sight. */
    private final Map<Set<String>, Entry> open = new LinkedHashMap<>();
    private Instant lastTakenAt;
    private long lastSnapshot = Long.MIN_VALUE;

    /**
     * Takes the report of the next snapshot, taken at {@code takenAt}.
     *
     * @throws IllegalArgumentException if {@code takenAt} is before the previous snapshot's time
     */
    public synchronized void observe(DeadlockReport report, Instant takenAt) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(takenAt, "takenAt");
        if (lastTakenAt != null && takenAt.isBefore(lastTakenAt)) {
            throw new IllegalArgumentException("snapshot " + report.snapshotId() + " taken at " + takenAt
                    + " is older than snapshot " + lastSnapshot + " (" + lastTakenAt + "); observe reports in order");
        }
        Map<Set<String>, Deadlock> now = new LinkedHashMap<>();
        for (Deadlock d : report.deadlocks()) {
            now.put(new TreeSet<>(d.members()), d);
        }
        for (Map.Entry<Set<String>, Entry> e : List.copyOf(open.entrySet())) {
            if (!now.containsKey(e.getKey())) {
                Entry o = e.getValue();
                closed.add(new Entry(o.members(), o.firstSeen(), o.firstSeenAt(), o.victim(), o.formedAfter(),
                        Optional.of(report.snapshotId()), Optional.of(takenAt), o.timesSeen()));
                open.remove(e.getKey());
            }
        }
        for (Map.Entry<Set<String>, Deadlock> d : now.entrySet()) {
            Entry o = open.get(d.getKey());
            if (o == null) {
                open.put(d.getKey(), new Entry(d.getKey(), report.snapshotId(), takenAt, d.getValue().victim(),
                        Optional.ofNullable(lastTakenAt), Optional.empty(), Optional.empty(), 1));
            } else {
                open.put(d.getKey(), new Entry(o.members(), o.firstSeen(), o.firstSeenAt(), o.victim(), o.formedAfter(),
                        Optional.empty(), Optional.empty(), o.timesSeen() + 1));
            }
        }
        lastTakenAt = takenAt;
        lastSnapshot = report.snapshotId();
    }

    /** Every deadlock seen so far: resolved ones in order of resolution, then the open ones in order of first sight. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(closed);
        out.addAll(open.values());
        return out;
    }

    /** The deadlocks the last observed snapshot still showed. */
    public synchronized List<Entry> open() {
        return List.copyOf(open.values());
    }
}
