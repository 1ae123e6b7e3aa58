package io.cutwatch.clock;

/**
 * Whether the frontier of a cut is consistent, i.e. the cut is closed under happened-before
 * (Chandy and Lamport, "Distributed snapshots", ACM TOCS 3(1), 1985; Mattern, "Virtual time and
 * global states of distributed systems", 1989): with {@code F_j} the vector clock of process
 * {@code j} at its cut point, the cut is consistent iff no process knows more events of process
 * {@code i} than {@code i} itself has executed inside the cut, {@code F_j[i] <= F_i[i]} for all
 * {@code i, j}.
 *
 * <p>One check for every representation of the frontier (vector clocks of a snapshot, clock rows
 * of a recorded trace): callers pass a {@link Frontier} that reads entry {@code i} of process
 * {@code j}'s clock. O(n^2) reads and one {@code long[n]}. Stateless and
 * thread-safe.
 */
public final class CutConsistency {
    private CutConsistency() {
    }

    /** Reads the frontier: entry {@code process} of the clock of {@code holder} at its cut point. */
    @FunctionalInterface
    public interface Frontier {
        long entry(int holder, int process);
    }

    /**
     * A pair that breaks consistency: {@code knower}'s frontier counts {@code knows} events of
     * {@code known}, which recorded only {@code recorded} ({@code knows > recorded}).
     */
    public record Violation(int knower, long knows, int known, long recorded) {
    }

    /**
     * The first pair (j, i), scanning {@code j} then {@code i} in index order, with
     * {@code F_j[i] > F_i[i]}; {@code null} when the cut over {@code n} processes is consistent.
     */
    public static Violation firstViolation(int n, Frontier frontier) {
        long[] own = new long[n];
        for (int i = 0; i < n; i++) {
            own[i] = frontier.entry(i, i);
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                long knows = frontier.entry(j, i);
                if (knows > own[i]) {
                    return new Violation(j, knows, i, own[i]);
                }
            }
        }
        return null;
    }

    /** Whether the cut over {@code n} processes is consistent: {@link #firstViolation} is {@code null}. */
    public static boolean isConsistent(int n, Frontier frontier) {
        return firstViolation(n, frontier) == null;
    }
}
