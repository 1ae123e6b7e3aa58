package io.cutwatch.gc;

/**
 * The size of the object graph a detection examined.
 *
 * @param processes           processes in the snapshot
 * @param objects             objects declared by the recorded states
 * @param references          references between existing objects (local and remote)
 * @param remoteReferences    of those, references that cross processes
 * @param localRoots          local roots declared by the recorded states
 * @param inTransitReferences references carried by messages recorded in transit (roots too)
 * @param danglingFromGarbage references from garbage to objects no process holds any more
 *                            (left over by reclaims applied at different times; harmless)
 */
public record GraphSize(int processes, long objects, long references, long remoteReferences, long localRoots,
                        long inTransitReferences, long danglingFromGarbage) {
}
