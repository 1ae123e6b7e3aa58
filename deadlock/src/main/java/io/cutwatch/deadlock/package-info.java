/**
 * Distributed deadlock detection on consistent global snapshots.
 *
 * <p>The application describes its waits through a {@link io.cutwatch.deadlock.WaitForAdapter}
 * (from recorded process states, adjusted by recorded channel states); the
 * {@link io.cutwatch.deadlock.DeadlockDetector} builds the wait-for graph at the cut and reports
 * every deadlocked set (cycles in the AND model, knots in the OR model) with one concrete cycle
 * and one suggested victim each, in a {@link io.cutwatch.deadlock.DeadlockReport}. Underneath: the
 * compact wait-for graph ({@link io.cutwatch.deadlock.WaitForGraph}, named vertices and labelled
 * waits over the shared {@link io.cutwatch.graph.CsrDigraph}), the deadlock finder
 * ({@link io.cutwatch.deadlock.DeadlockFinder}: AND cycles, OR knots and victims on the kernel's
 * {@link io.cutwatch.graph.StronglyConnectedComponents}, handing only deadlocked components to
 * JGraphT) and DOT export, all O(V + E) on the arrays. Everything here is an immutable value or a
 * stateless, thread-safe service.
 */
package io.cutwatch.deadlock;
