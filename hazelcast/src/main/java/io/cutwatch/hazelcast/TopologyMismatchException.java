package io.cutwatch.hazelcast;

import io.cutwatch.model.CutwatchException;

/**
 * A member joined a namespace with a topology other than the one the namespace already runs
 * (other processes or channels): its vector clocks and channels would not fit the others'. Give
 * every member of a namespace the same topology, or use another namespace.
 */
public final class TopologyMismatchException extends CutwatchException {
    public TopologyMismatchException(String namespace, String running, String given) {
        super("namespace '" + namespace + "' runs " + running + ", but this member was given " + given
                + "; every member of a namespace needs the same topology (or use another namespace)");
    }
}
