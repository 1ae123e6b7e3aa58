package io.cutwatch.graph;

import java.util.Arrays;

/**
 * The dominator tree of a {@link CsrDigraph} reachable from a set of roots: vertex {@code d}
 * dominates {@code v} if every path from any root to {@code v} passes through {@code d}. The roots
 * hang under a virtual entry, so a vertex reachable from two roots that share no dominator has
 * the entry as its immediate dominator ({@link #ENTRY}). The size of a vertex's subtree is what
 * it alone keeps reachable (its "retained set", as heap analyzers call it).
 *
 * <p>Algorithm: Semi-NCA (L. Georgiadis, R. Tarjan, R. Werneck, "Finding Dominators in Practice",
 * J. Graph Algorithms Appl. 10(1), 2006): one depth-first search numbers the vertices in
 * preorder; semidominators come from Lengauer and Tarjan's rule (T. Lengauer, R. Tarjan, "A Fast
 * Algorithm for Finding Dominators in a Flowgraph", ACM TOPLAS 1(1), 1979) evaluated over the DFS
 * tree itself with path halving (R. Tarjan, J. van Leeuwen, "Worst-case Analysis of Set Union
 * Algorithms", J. ACM 31(2), 1984) in place of full compression (a vertex counts as linked once
 * its number exceeds the one being processed, as in LLVM's SemiNCA); each immediate dominator is
 * then the nearest common ancestor, in the partly built tree, of the vertex's DFS parent and its
 * semidominator.
 *
 * <p>Laid out for large graphs, where every step is a cache miss and a chain of dependent misses
 * is what costs: the search runs over a copy of the graph in which each vertex is one block
 * {@code [-1 - out-degree until visited, then the preorder number; the blocks of its
 * successors...]}, so visiting a vertex is one miss and the successors' visited checks are
 * independent loads that overlap; pending edges sit on an explicit stack (no recursion, no depth
 * limit), and a vertex without successors is numbered where its parent meets it. Edges to a
 * vertex numbered earlier than their source (the only ones whose semidominator candidate needs
 * an evaluation) are collected as they are met and grouped by
 * target with a radix sort instead of building predecessor lists; tree and forward edges are
 * folded into the candidate on the spot. The evaluations of each batch of such edges first touch
 * their forest entries in one tight loop, so those misses overlap too; sources already linked
 * straight below the target answer without a walk, and once a candidate is the entry (nothing is
 * less) the remaining walks for that target are skipped, and a walk stops where it meets a
 * label that is the entry (on a large random heap this cuts the forest steps from 22M to 4.7M).
 *
 * <p>Cost: O(e log n) time at worst (path halving without balancing) and near-linear on heaps
 * in practice. Memory while it runs: the block copy ({@code 4n + 4e} bytes), the edges to earlier
 * vertices twice ({@code 16} bytes each), about seven {@code int[n]}; kept: four {@code int[n]}.
 * Immutable once computed.
 */
public final class DominatorTree {
    /** The immediate dominator of a root (and of vertices reachable only from several roots): the virtual entry. */
    public static final int ENTRY = -1;
    /** The immediate dominator of a vertex no root reaches. */
    public static final int UNREACHABLE = -2;
    /**
     * Header words of a vertex's block: one, {@code -1 - out-degree} until the vertex is visited,
     * then its preorder number. Vertex {@code v}'s block starts at {@code offsets[v] + v}.
     */
    private static final int HEADER = 1;
    /** Evaluations whose forest entries are touched together, so their cache misses overlap. */
    private static final int BATCH = 1024;

    /** Preorder number by vertex (the entry is 0), -1 if unreachable. */
    private final int[] number;
    /** Vertex by preorder number; index 0 is the entry. */
    private final int[] vertexAt;
    /** Immediate dominator by preorder number, as a preorder number. */
    private final int[] idom;
    /** Retained count (dominator subtree size) by preorder number. */
    private final int[] size;
    private final int reached;

    private DominatorTree(int[] number, int[] vertexAt, int[] idom, int[] size, int reached) {
        this.number = number;
        this.vertexAt = vertexAt;
        this.idom = idom;
        this.size = size;
        this.reached = reached;
    }

    /**
     * The dominator tree of {@code g} from {@code roots} (duplicates allowed).
     *
     * @throws IllegalArgumentException if a root is not a vertex of {@code g}, or the graph is too
     *                                  large ({@code n + e >= 2^31})
     */
    public static DominatorTree of(CsrDigraph g, int[] roots) {
        int n = g.vertexCount();
        for (int r : roots) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("root " + r + " is not a vertex of a graph of " + n + " vertices");
            }
        }
        if ((long) HEADER * n + g.edgeCount() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a graph of " + n + " vertices and " + g.edgeCount()
                    + " edges is too large for a dominator tree (n + e must stay below 2^31)");
        }
        return new Search(g, roots).run();
    }

    /** One computation; its arrays are dropped or handed to the tree at the end. */
    private static final class Search {
        final CsrDigraph g;
        final int[] roots;
        final int n;
        int[] block;
        final int[] vertexAt;
        final int[] parent;
        /** Semidominator candidates, then semidominators, by number. */
        final int[] semi;
        /** Edges {@code a -> b} with {@code b < a} (numbers), packed as {@code b << 32 | a}. */
        long[] back;
        int backCount;
        int[] stack = new int[1024];
        int count = 1;

        Search(CsrDigraph g, int[] roots) {
            this.g = g;
            this.roots = roots;
            this.n = g.vertexCount();
            this.vertexAt = new int[n + 1];
            this.parent = new int[n + 1];
            this.semi = new int[n + 1];
            this.back = new long[Math.max(16, g.edgeCount() / 4)];
        }

        DominatorTree run() {
            blocks();
            search();
            int[] number = new int[n];
            int[] offsets = g.offsets;
            for (int v = 0; v < n; v++) {
                int b = block[offsets[v] + HEADER * v];
                if (b > 0) {
                    number[v] = b;
                    vertexAt[b] = v;
                } else {
                    number[v] = -1;
                }
            }
            block = null;
            for (int r : roots) {
                semi[number[r]] = 0; // the entry precedes every root
            }
            long[] byTarget = sortByTarget();
            back = null;
            semidominators(byTarget);
            int[] idom = parent; // overwritten in increasing order: each entry is read before it is replaced
            for (int w = 1; w < count; w++) {
                int d = parent[w];
                int s = semi[w];
                while (d > s) {
                    d = idom[d];
                }
                idom[w] = d;
            }
            int[] size = semi; // no longer needed as semidominators
            Arrays.fill(size, 0, count, 1);
            for (int w = count - 1; w >= 1; w--) {
                size[idom[w]] += size[w];
            }
            vertexAt[0] = ENTRY;
            return new DominatorTree(number, vertexAt, idom, size, count - 1);
        }

        /** The block copy: vertex {@code v} at {@code offsets[v] + v}, successors as block positions. */
        void blocks() {
            int[] offsets = g.offsets;
            int[] targets = g.targets;
            block = new int[HEADER * n + targets.length];
            for (int v = 0, pos = 0; v < n; v++) {
                int lo = offsets[v];
                int hi = offsets[v + 1];
                block[pos++] = -1 - (hi - lo);
                for (int i = lo; i < hi; i++) {
                    int t = targets[i];
                    block[pos++] = offsets[t] + HEADER * t;
                }
            }
        }

        /**
         * Depth-first search from the entry, numbering in preorder. The stack holds pending edges
         * (target block, source number); a target already numbered when its edge is met gives a
         * back or cross edge (kept for {@link #semidominators}) or a forward edge (its source is a
         * candidate semidominator at once).
         */
        void search() {
            int[] offsets = g.offsets;
            for (int ri = roots.length - 1; ri >= 0; ri--) {
                int r = roots[ri];
                int sp = 0;
                stack[sp++] = offsets[r] + HEADER * r;
                stack[sp++] = 0;
                while (sp > 0) {
                    int from = stack[--sp];
                    int at = stack[--sp];
                    int b = block[at];
                    if (b >= 0) {
                        edgeToNumbered(from, b);
                        continue;
                    }
                    int deg = -1 - b;
                    b = count++;
                    block[at] = b;
                    parent[b] = from;
                    semi[b] = from;
                    if (sp + 2 * deg > stack.length) {
                        stack = Arrays.copyOf(stack, Math.max(2 * stack.length, sp + 2 * deg));
                    }
                    // Pushed last to first, so the first successor is searched first.
                    for (int i = at + HEADER + deg - 1; i >= at + HEADER; i--) {
                        int t = block[i];
                        int c = block[t];
                        if (c == -1) { // unvisited, no successors: searched here, as b's first child
                            c = count++;
                            block[t] = c;
                            parent[c] = b;
                            semi[c] = b;
                        } else if (c < 0) {
                            stack[sp++] = t;
                            stack[sp++] = b;
                        } else {
                            edgeToNumbered(b, c);
                        }
                    }
                }
            }
        }

        /** An edge from number {@code a} to the already numbered {@code b}. */
        void edgeToNumbered(int a, int b) {
            if (b > a) {
                if (a < semi[b]) {
                    semi[b] = a; // forward edge: a is an ancestor of b
                }
            } else if (b < a) {
                if (backCount == back.length) {
                    back = Arrays.copyOf(back, back.length + (back.length >> 1));
                }
                back[backCount++] = (long) b << 32 | a;
            }
        }

        /** The back and cross edges grouped by target, ascending: LSD radix sort on the target, 11 bits a pass. */
        long[] sortByTarget() {
            int bits = 32 - Integer.numberOfLeadingZeros(count);
            long[] src = back;
            long[] dst = new long[backCount];
            int[] bucket = new int[1 << 11];
            for (int shift = 0; shift < bits; shift += 11) {
                Arrays.fill(bucket, 0);
                int sh = 32 + shift;
                for (int k = 0; k < backCount; k++) {
                    bucket[(int) (src[k] >>> sh) & 2047]++;
                }
                for (int d = 0, sum = 0; d < bucket.length; d++) {
                    int c = bucket[d];
                    bucket[d] = sum;
                    sum += c;
                }
                for (int k = 0; k < backCount; k++) {
                    long x = src[k];
                    dst[bucket[(int) (x >>> sh) & 2047]++] = x;
                }
                long[] t = src;
                src = dst;
                dst = t;
            }
            return src;
        }

        /**
         * Semidominators in reverse preorder. {@code forest[2u]} is u's ancestor in the
         * path-halved DFS tree, {@code forest[2u+1]} the least semidominator on the path from u
         * up to (not including) that ancestor.
         */
        void semidominators(long[] byTarget) {
            int[] forest = new int[2 * count];
            for (int u = 1; u < count; u++) {
                forest[2 * u] = parent[u];
            }
            int[] touched = new int[BATCH];
            int k = backCount - 1;
            int touchedDownTo = backCount;
            for (int w = count - 1; w >= 1; w--) {
                int s = semi[w];
                if (k >= 0 && k < touchedDownTo) {
                    int lo = Math.max(0, k - BATCH + 1);
                    for (int j = k; j >= lo; j--) {
                        touched[k - j] = forest[2 * (int) byTarget[j]];
                    }
                    for (int j = 0; j <= k - lo; j++) { // and the entries of their ancestors: the walks' next steps
                        touched[j] = forest[2 * touched[j]];
                    }
                    touchedDownTo = lo;
                }
                int first = k;
                while (k >= 0 && (int) (byTarget[k] >>> 32) == w) {
                    // Sources whose forest ancestor is already w or above answer with their label.
                    int v = (int) byTarget[k--];
                    if (forest[2 * v] <= w && forest[2 * v + 1] < s) {
                        s = forest[2 * v + 1];
                    }
                }
                // The others walk; none can go below the entry (0), so reaching it ends the walks.
                for (int j = first; j > k && s > 0; j--) {
                    int v = (int) byTarget[j];
                    if (forest[2 * v] > w) {
                        int x = eval(v, w, forest);
                        if (x < s) {
                            s = x;
                        }
                    }
                }
                semi[w] = s;
                forest[2 * w + 1] = s;
            }
        }

        /**
         * The least semidominator on the forest path from {@code v} (numbered after {@code w}, so
         * linked) up to the first vertex numbered {@code w} or less, halving the path on the way
         * (each visited vertex skips its ancestor and takes over its label). A walk ends early once
         * its minimum is the entry (0): nothing can be less, and the path left unhalved is halved by
         * a later walk that needs it.
         */
        private static int eval(int v, int w, int[] forest) {
            int u = v;
            int best = forest[2 * u + 1];
            while (best > 0) { // nothing is less than the entry: a walk that met it is done
                int a = forest[2 * u];
                if (a <= w) {
                    return best;
                }
                int la = forest[2 * a + 1];
                if (la < best) {
                    best = la;
                }
                int aa = forest[2 * a];
                if (aa <= w) {
                    return best;
                }
                if (la < forest[2 * u + 1]) {
                    forest[2 * u + 1] = la;
                }
                forest[2 * u] = aa;
                u = aa;
                int lu = forest[2 * u + 1];
                if (lu < best) {
                    best = lu;
                }
            }
            return 0;
        }
    }

    /** The immediate dominator of {@code v}: a vertex, {@link #ENTRY} or {@link #UNREACHABLE}. */
    public int immediateDominator(int v) {
        int a = number[v];
        return a < 0 ? UNREACHABLE : vertexAt[idom[a]];
    }

    /** How many vertices {@code v} dominates, itself included: what stays reachable only through it (0 if unreachable). */
    public int retainedCount(int v) {
        int a = number[v];
        return a < 0 ? 0 : size[a];
    }

    /**
     * {@link #retainedCount} of the {@code i}-th reachable vertex (in the order of
     * {@link #reachableVertex}), read in sequence when {@code i} walks that order.
     */
    public int retainedCountAt(int i) {
        if (i < 0 || i >= reached) {
            throw new IndexOutOfBoundsException("reachable vertex " + i + " of " + reached);
        }
        return size[i + 1];
    }

    /** How many vertices the roots reach. */
    public int reachableCount() {
        return reached;
    }

    /**
     * The {@code i}-th reachable vertex, {@code 0 <= i < reachableCount()}, in an order where every
     * vertex comes after its immediate dominator (depth-first preorder): walking it forward visits
     * the tree top-down, backward bottom-up.
     */
    public int reachableVertex(int i) {
        if (i < 0 || i >= reached) {
            throw new IndexOutOfBoundsException("reachable vertex " + i + " of " + reached);
        }
        return vertexAt[i + 1];
    }

    /** The position of {@code v} in the order of {@link #reachableVertex}, or -1 if no root reaches it. */
    public int indexOf(int v) {
        return number[v] - 1;
    }

    /**
     * The position (in the order of {@link #reachableVertex}) of the immediate dominator of the
     * {@code i}-th reachable vertex, always less than {@code i}; -1 if that is the entry.
     */
    public int immediateDominatorIndex(int i) {
        if (i < 0 || i >= reached) {
            throw new IndexOutOfBoundsException("reachable vertex " + i + " of " + reached);
        }
        return idom[i + 1] - 1;
    }

    /** Whether {@code d} dominates {@code v} (every vertex dominates itself). O(depth of v). */
    public boolean dominates(int d, int v) {
        int target = number[d];
        int a = number[v];
        if (target < 0 || a < 0) {
            return false;
        }
        while (a > target) {
            a = idom[a];
        }
        return a == target;
    }
}
