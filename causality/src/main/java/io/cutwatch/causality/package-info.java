/**
 * Offline causality tools over recorded executions: traces of local/send/receive events with
 * vector clocks ({@link io.cutwatch.causality.Trace}, {@link io.cutwatch.causality.TraceRecorder},
 * JSON lines via {@link io.cutwatch.causality.TraceJson}, ShiViz export), happened-before and cut
 * consistency ({@link io.cutwatch.causality.Causality}), runs and linearizations
 * ({@link io.cutwatch.causality.Orders}), the lazily enumerated lattice of consistent global states
 * ({@link io.cutwatch.causality.Lattice}, {@link io.cutwatch.causality.LatticeDot}), and global
 * predicate detection: possibly / definitely / invariant
 * ({@link io.cutwatch.causality.Predicates}) and polynomial detection of conjunctive predicates
 * ({@link io.cutwatch.causality.ConjunctivePredicate}). Independent of Hazelcast. Command line:
 * {@link io.cutwatch.causality.CausalityCli}.
 */
package io.cutwatch.causality;
