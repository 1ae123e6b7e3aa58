/** The global object graph in CSR form and the algorithms over it: building ({@link io.cutwatch.gc.graph.ObjectGraphBuilder}), marking ({@link io.cutwatch.gc.graph.Marking}) and distributed garbage cycles ({@link io.cutwatch.gc.graph.GarbageComponents}). */
package io.cutwatch.gc.graph;
