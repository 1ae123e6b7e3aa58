/**
 * Wait-for graph algorithms: the compact wait-for graph ({@link io.cutwatch.deadlock.graph.WaitForGraph},
 * named vertices and labelled waits over the shared {@link io.cutwatch.graph.CsrDigraph}), the
 * deadlock finder (AND cycles, OR knots and victims, on the kernel's
 * {@link io.cutwatch.graph.StronglyConnectedComponents}) that hands only deadlocked components to
 * JGraphT, and DOT export. All O(V + E) on the arrays; stateless and thread-safe.
 */
package io.cutwatch.deadlock.graph;
