package io.cutwatch.model;

import java.util.Collection;

/** A process id that the topology does not contain. */
public final class UnknownProcessException extends CutwatchException {
    private final String processId;

    public UnknownProcessException(String processId, String where, Collection<String> known) {
        super("unknown process '" + processId + "' in " + where + "; the topology has " + known);
        this.processId = processId;
    }

    public String processId() {
        return processId;
    }
}
