package io.cutwatch.deadlock.replicas;

import java.util.Objects;

/** What replica processes send each other. */
public sealed interface ReplicaMessage {
    /** {@code query} asks the receiver for an answer; any one replica's answer satisfies it. */
    record Query(String query) implements ReplicaMessage {
        public Query {
            Objects.requireNonNull(query, "query");
        }
    }

    /** The receiver's request {@code query} is answered (the first answer unblocks it, later ones are ignored). */
    record Answer(String query) implements ReplicaMessage {
        public Answer {
            Objects.requireNonNull(query, "query");
        }
    }
}
