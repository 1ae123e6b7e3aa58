package io.cutwatch.hazelcast;

import io.cutwatch.model.CutwatchException;

/**
 * A process was started on a member while another live member of the cluster already hosts it.
 * Each process of a topology runs on exactly one member; stop it there first (close that
 * member's Cutwatch) or start it under another namespace.
 */
public final class ProcessAlreadyHostedException extends CutwatchException {
    private final String processId;
    private final String member;

    public ProcessAlreadyHostedException(String processId, String namespace, String member) {
        super("process " + processId + " of namespace '" + namespace + "' is already hosted on live member " + member
                + "; stop it there first, or use another namespace");
        this.processId = processId;
        this.member = member;
    }

    /** The process started twice. */
    public String processId() {
        return processId;
    }

    /** The live member (UUID) that already hosts it. */
    public String member() {
        return member;
    }
}
