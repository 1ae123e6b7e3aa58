/**
 * The OR-model sample application: a request is satisfied by any one of several replicas. A
 * process that asks is blocked until the first answer; a replica blocked on its own request
 * answers only once it is answered itself. {@link io.cutwatch.deadlock.replicas.ReplicaAdapter}
 * reads it as an OR wait-for graph, where a deadlock is a knot: every replica the blocked
 * processes asked is blocked on them.
 */
package io.cutwatch.deadlock.replicas;
