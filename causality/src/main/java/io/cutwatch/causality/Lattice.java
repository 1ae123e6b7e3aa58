package io.cutwatch.causality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lattice of consistent global states of a {@link Trace}, enumerated lazily level by level.
 *
 * <p>Level {@code k} holds the consistent cuts of rank {@code k} (k events executed); level 0 is
 * the empty cut, the last level (rank = number of events) the full cut. A transition advances one
 * process by one event and stays consistent; every path from the bottom to the top of the lattice
 * is a linearization of the trace and every linearization is such a path.
 *
 * <p>Level {@code k+1} is generated from level {@code k} only, so at most two levels are held in
 * memory (plus what the caller keeps): memory is O(n · widest level), not O(lattice). Duplicates
 * (a cut reachable from several cuts below it) are removed by one of two {@link Strategy
 * strategies}; both produce every consistent cut exactly once. Time is O(n² · states) for
 * {@link Strategy#CANONICAL_PARENT}. The lattice can be exponential in the number of events; it is
 * the price of arbitrary predicates (see {@link ConjunctivePredicate} for the polynomial case).
 */
public final class Lattice {

    /** How duplicates within a level are avoided. */
    public enum Strategy {
        /**
         * Each cut is emitted only from its canonical parent: the cut obtained by removing the last
         * event of the highest-numbered process whose last event can be removed consistently. No
         * hashing, no per-level set; the default.
         */
        CANONICAL_PARENT,
        /** Successors of a level are deduplicated in a hash set of that level. */
        HASH_DEDUP
    }

    private final Trace trace;

    private Lattice(Trace trace) {
        this.trace = trace;
    }

    public static Lattice of(Trace trace) {
        return new Lattice(java.util.Objects.requireNonNull(trace, "trace"));
    }

    public Trace trace() {
        return trace;
    }

    /** The levels 0 .. height, generated on demand ({@link Strategy#CANONICAL_PARENT}). */
    public Iterator<Level> levels() {
        return levels(Strategy.CANONICAL_PARENT);
    }

    public Iterator<Level> levels(Strategy strategy) {
        return new LevelIterator(trace, strategy);
    }

    /** The levels as a sequential, lazy stream. */
    public Stream<Level> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(levels(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Counts states and transitions per level, walking the whole lattice. */
    public Stats stats() {
        return stats(Long.MAX_VALUE, Strategy.CANONICAL_PARENT);
    }

    /**
     * Counts states and transitions per level, stopping after the level at which more than
     * {@code maxStates} states have been seen ({@link Stats#complete()} is then false).
     */
    public Stats stats(long maxStates, Strategy strategy) {
        LevelIterator it = new LevelIterator(trace, strategy);
        List<Long> states = new ArrayList<>();
        List<Long> transitions = new ArrayList<>();
        long total = 0;
        long edges = 0;
        int width = 0;
        int widest = 0;
        boolean complete = true;
        while (it.hasNext()) {
            Level l = it.next();
            states.add((long) l.size());
            total += l.size();
            if (l.size() > width) {
                width = l.size();
                widest = l.rank();
            }
            if (total > maxStates && it.hasNext()) {
                complete = false;
                break;
            }
        }
        long[] t = it.transitionsPerLevel();
        for (int k = 0; k < states.size(); k++) {
            long e = k < t.length ? t[k] : 0;
            transitions.add(e);
            edges += e;
        }
        return new Stats(total, edges, width, widest, states.size() - 1, complete,
                Collections.unmodifiableList(states), Collections.unmodifiableList(transitions));
    }

    /**
     * Lattice statistics.
     *
     * @param states              consistent cuts counted
     * @param transitions         transitions out of the counted levels (all of them when complete)
     * @param width               size of the widest level
     * @param widestLevel         rank of the (first) widest level
     * @param lastLevel           rank of the last level counted (the height when complete)
     * @param complete            whether the whole lattice was walked
     * @param statesPerLevel      states at level 0, 1, ...
     * @param transitionsPerLevel transitions from level k to level k+1 (0 for the top)
     */
    public record Stats(long states, long transitions, int width, int widestLevel, int lastLevel, boolean complete,
                        List<Long> statesPerLevel, List<Long> transitionsPerLevel) {
    }

    /**
     * The successors of a consistent cut: one per process whose next event can execute. O(n).
     *
     * @throws IllegalArgumentException if the cut does not fit or is inconsistent
     */
    public List<Cut> successors(Cut cut) {
        requireConsistent(cut);
        List<Cut> out = new ArrayList<>();
        int[] c = cut.raw();
        for (int i = 0; i < c.length; i++) {
            if (enabled(trace, c, i)) {
                out.add(cut.advance(i));
            }
        }
        return out;
    }

    /** The consistent cuts one event below {@code cut}. O(n). */
    public List<Cut> predecessors(Cut cut) {
        requireConsistent(cut);
        List<Cut> out = new ArrayList<>();
        int[] c = cut.raw();
        for (int j = 0; j < c.length; j++) {
            if (removable(trace, c, j)) {
                int[] p = c.clone();
                p[j]--;
                out.add(Cut.wrap(p));
            }
        }
        return out;
    }

    /**
     * Whether global state {@code to} is reachable from {@code from} through consistent states.
     * For consistent cuts this holds exactly when {@code from <= to} entry-wise (the lattice is
     * distributive), so no enumeration is needed: O(n).
     */
    public boolean reachable(Cut from, Cut to) {
        requireConsistent(from);
        requireConsistent(to);
        return from.leq(to);
    }

    /**
     * A path of events leading from {@code from} to {@code to} through consistent states, or empty
     * if {@code to} is not reachable. O(n · (rank(to) - rank(from))).
     */
    public Optional<List<TraceEvent>> path(Cut from, Cut to) {
        if (!reachable(from, to)) {
            return Optional.empty();
        }
        return Optional.of(pathUnchecked(trace, from.toArray(), to.raw()));
    }

    static List<TraceEvent> pathUnchecked(Trace trace, int[] cur, int[] to) {
        List<TraceEvent> out = new ArrayList<>();
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int i = 0; i < cur.length; i++) {
                while (cur[i] < to[i] && enabled(trace, cur, i)) {
                    out.add(trace.event(i, cur[i]));
                    cur[i]++;
                    moved = true;
                }
            }
        }
        if (!java.util.Arrays.equals(cur, to)) {
            throw new AssertionError("no path to " + Cut.wrap(to) + ", stuck at " + Cut.wrap(cur));
        }
        return out;
    }

    private void requireConsistent(Cut cut) {
        CutCheck c = Causality.isConsistent(trace, cut);
        if (!c.consistent()) {
            throw new IllegalArgumentException(c.reason());
        }
    }

    /** Whether the next event of process i can execute in consistent cut c. O(1). */
    static boolean enabled(Trace t, int[] c, int i) {
        int k = c[i];
        if (k == t.length[i]) {
            return false;
        }
        int sp = t.sendProc[i][k];
        return sp < 0 || c[sp] >= t.sendLen[i][k];
    }

    /** Whether the last event of process j can be removed from consistent cut c. O(1). */
    static boolean removable(Trace t, int[] c, int j) {
        int cj = c[j];
        if (cj == 0) {
            return false;
        }
        int rp = t.recvProc[j][cj - 1];
        return rp < 0 || c[rp] < t.recvLen[j][cj - 1];
    }

    /**
     * One level of the lattice: the consistent cuts of one rank. Holds its cuts in one int array;
     * {@link #get(int, int)} reads without allocating.
     */
    public static final class Level {
        private final int rank;
        private final int n;
        private final int size;
        private final int[] flat;

        Level(int rank, int n, int size, int[] flat) {
            this.rank = rank;
            this.n = n;
            this.size = size;
            this.flat = flat;
        }

        /** Number of events executed in each cut of this level. */
        public int rank() {
            return rank;
        }

        /** Number of consistent cuts in this level. */
        public int size() {
            return size;
        }

        /** Prefix length of process {@code process} in cut number {@code state} of this level. */
        public int get(int state, int process) {
            if (state < 0 || state >= size) {
                throw new IndexOutOfBoundsException("state " + state + " of a level of " + size);
            }
            return flat[state * n + process];
        }

        public Cut cut(int state) {
            if (state < 0 || state >= size) {
                throw new IndexOutOfBoundsException("state " + state + " of a level of " + size);
            }
            int[] c = new int[n];
            System.arraycopy(flat, state * n, c, 0, n);
            return Cut.wrap(c);
        }

        /** The cuts of this level (allocates one {@link Cut} per state). */
        public List<Cut> cuts() {
            List<Cut> out = new ArrayList<>(size);
            for (int s = 0; s < size; s++) {
                out.add(cut(s));
            }
            return out;
        }

        int[] flat() {
            return flat;
        }

        @Override
        public String toString() {
            return "level " + rank + ": " + size + " state(s)";
        }
    }

    private static final class LevelIterator implements Iterator<Level> {
        private final Trace t;
        private final Strategy strategy;
        private final int n;
        private final int height;
        private Level current;
        private boolean started;
        private long[] transitions;

        LevelIterator(Trace t, Strategy strategy) {
            this.t = t;
            this.strategy = strategy;
            this.n = t.processCount();
            this.height = t.eventCount();
            this.transitions = new long[height + 1];
        }

        long[] transitionsPerLevel() {
            return transitions;
        }

        @Override
        public boolean hasNext() {
            return !started || current.rank() < height;
        }

        @Override
        public Level next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the lattice has " + (height + 1) + " levels");
            }
            if (!started) {
                started = true;
                current = new Level(0, n, 1, new int[n]);
            } else {
                current = strategy == Strategy.CANONICAL_PARENT ? nextCanonical(current) : nextHashed(current);
            }
            return current;
        }

        private Level nextCanonical(Level level) {
            int[] cur = level.flat();
            int count = level.size();
            int[] out = new int[Math.max(n, Math.min(count * 2, 1 << 20) * n)];
            int outCount = 0;
            long edges = 0;
            int[] len = t.length;
            int[][] sendProc = t.sendProc;
            int[][] sendLen = t.sendLen;
            int[][] recvProc = t.recvProc;
            int[][] recvLen = t.recvLen;
            for (int s = 0; s < count; s++) {
                int base = s * n;
                for (int i = 0; i < n; i++) {
                    int k = cur[base + i];
                    if (k == len[i]) {
                        continue;
                    }
                    int sp = sendProc[i][k];
                    if (sp >= 0 && cur[base + sp] < sendLen[i][k]) {
                        continue;
                    }
                    edges++;
                    boolean canonical = true;
                    for (int j = i + 1; j < n; j++) {
                        int cj = cur[base + j];
                        if (cj == 0) {
                            continue;
                        }
                        int rp = recvProc[j][cj - 1];
                        if (rp < 0 || cur[base + rp] + (rp == i ? 1 : 0) < recvLen[j][cj - 1]) {
                            canonical = false;
                            break;
                        }
                    }
                    if (canonical) {
                        if ((outCount + 1) * n > out.length) {
                            out = java.util.Arrays.copyOf(out, out.length * 2);
                        }
                        int ob = outCount * n;
                        System.arraycopy(cur, base, out, ob, n);
                        out[ob + i]++;
                        outCount++;
                    }
                }
            }
            transitions[level.rank()] = edges;
            return new Level(level.rank() + 1, n, outCount, out);
        }

        private Level nextHashed(Level level) {
            int[] cur = level.flat();
            int count = level.size();
            CutSet seen = new CutSet(t, count * 2);
            int[] out = new int[Math.max(n, Math.min(count * 2, 1 << 20) * n)];
            int outCount = 0;
            long edges = 0;
            int[] c = new int[n];
            for (int s = 0; s < count; s++) {
                System.arraycopy(cur, s * n, c, 0, n);
                for (int i = 0; i < n; i++) {
                    if (!enabled(t, c, i)) {
                        continue;
                    }
                    edges++;
                    c[i]++;
                    if (seen.add(c)) {
                        if ((outCount + 1) * n > out.length) {
                            out = java.util.Arrays.copyOf(out, out.length * 2);
                        }
                        System.arraycopy(c, 0, out, outCount * n, n);
                        outCount++;
                    }
                    c[i]--;
                }
            }
            transitions[level.rank()] = edges;
            return new Level(level.rank() + 1, n, outCount, out);
        }
    }
}
