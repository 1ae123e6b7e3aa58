/**
 * The graph kernel shared by the detectors: one compact directed graph and the algorithms over it.
 *
 * <p>{@link io.cutwatch.graph.CsrDigraph} stores a directed graph on the int vertices
 * {@code 0..n-1} in compressed sparse row form (two {@code int} arrays, no object per vertex or
 * edge). The algorithms, one per class and named after what they compute, read those arrays
 * without recursion, so paths of millions of vertices are fine:
 * {@link io.cutwatch.graph.ReachableVertices} (level-synchronous breadth-first search from roots)
 * and {@link io.cutwatch.graph.StronglyConnectedComponents} (iterative Tarjan, over the whole
 * graph or the subgraph induced by a {@link io.cutwatch.graph.VertexSet}).
 *
 * <p>What the vertices mean stays with the caller: the deadlock module's wait-for graph (named
 * transactions, labelled waits) and the gc module's object graph (object ids per process, local
 * and in-transit roots) each hold a {@code CsrDigraph} and their own per-vertex and per-edge data,
 * indexed the same way.
 */
package io.cutwatch.graph;
