package io.cutwatch.deadlock.replicas;

import java.util.List;
import java.util.Objects;

/**
 * The recorded state of one replica process (what {@link ReplicaNode#view()} captures).
 *
 * @param process  the process
 * @param query    the request it is blocked on, or null when it is free
 * @param asked    the replicas it asked for {@code query} (empty when free); any one answer frees it
 * @param pending  the processes whose queries it holds until it is free, in arrival order
 * @param answered how many of its own requests were answered so far
 */
public record ReplicaView(String process, String query, List<String> asked, List<String> pending, int answered) {
    public ReplicaView {
        Objects.requireNonNull(process, "process");
        asked = List.copyOf(asked);
        pending = List.copyOf(pending);
    }

    /** Whether it waits for an answer. */
    public boolean blocked() {
        return query != null;
    }
}
