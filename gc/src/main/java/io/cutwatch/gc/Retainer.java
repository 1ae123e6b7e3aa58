package io.cutwatch.gc;

import java.util.Map;

/**
 * An object and what it alone keeps alive at a snapshot's cut: the objects it dominates in the
 * live distributed object graph (every path from a root to them passes through it), itself
 * included.
 *
 * @param object       the dominating object
 * @param retained     how many objects it retains, itself included
 * @param perProcess   how many of those each process holds (its own process included)
 */
public record Retainer(ObjectRef object, long retained, Map<String, Long> perProcess) {
    public Retainer {
        perProcess = Map.copyOf(perProcess);
    }

    /** How many of the retained objects live on other processes than the object's own. */
    public long retainedElsewhere() {
        return retained - perProcess.getOrDefault(object.process(), 0L);
    }
}
