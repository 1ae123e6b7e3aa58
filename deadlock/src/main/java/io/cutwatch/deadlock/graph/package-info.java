/**
 * Wait-for graph algorithms: a compact CSR graph ({@link io.cutwatch.deadlock.graph.WaitForGraph}),
 * iterative strongly connected components, the deadlock finder that hands only deadlocked
 * components to JGraphT, and DOT export. All O(V + E) on the arrays; stateless and thread-safe.
 */
package io.cutwatch.deadlock.graph;
