package io.cutwatch.hazelcast;

import io.cutwatch.model.CutwatchException;

/**
 * A process was started on a member while another live member of the cluster already hosts it.
 * Each process of a topology runs on exactly one member; stop it there first (close that
 * member's Cutwatch) or start it under another namespace.
 */
public final class ProcessAlreadyHostedException extends CutwatchException {
    public ProcessAlreadyHostedException(String processId, String namespace, String member) {
        super("process " + processId + " of namespace '" + namespace + "' is already hosted on live member " + member
                + "; stop it there first, or use another namespace");
    }
}
