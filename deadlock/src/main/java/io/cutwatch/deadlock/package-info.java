/**
 * Distributed deadlock detection on consistent global snapshots.
 *
 * <p>The application describes its waits through a {@link io.cutwatch.deadlock.WaitForAdapter}
 * (from recorded process states, adjusted by recorded channel states); the
 * {@link io.cutwatch.deadlock.DeadlockDetector} builds the wait-for graph at the cut and reports
 * every deadlocked set (cycles in the AND model, knots in the OR model) with one concrete cycle
 * and one suggested victim each, in a {@link io.cutwatch.deadlock.DeadlockReport}. Everything here
 * is an immutable value or a stateless, thread-safe service.
 */
package io.cutwatch.deadlock;
