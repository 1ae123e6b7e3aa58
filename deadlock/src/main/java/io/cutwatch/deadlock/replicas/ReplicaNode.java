package io.cutwatch.deadlock.replicas;

import io.cutwatch.process.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The live state of one replica process. Free, it answers every query after its service time.
 * Blocked on a request of its own (sent to several replicas, satisfied by the first answer), it
 * holds the queries it gets and answers them all once it is answered.
 *
 * <p>Threading: not thread-safe; a process state, touched only by its process's handlers and
 * actions. {@link #view()} is the state capture.
 */
public final class ReplicaNode {
    private final String self;
    private final Duration serviceTime;
    private String query;
    private final List<String> asked = new ArrayList<>();
    private final List<String> pendingFrom = new ArrayList<>();
    private final List<String> pendingQuery = new ArrayList<>();
    private int requests;
    private int answered;

    ReplicaNode(String self, Duration serviceTime) {
        this.self = self;
        this.serviceTime = serviceTime;
    }

    /** The state capture: an immutable copy. O(asked + pending). */
    public ReplicaView view() {
        return new ReplicaView(self, query, asked, pendingFrom, answered);
    }

    /** Sends a request to every one of {@code replicas} and blocks until the first answer. */
    void ask(List<String> replicas, Context ctx) {
        if (query != null) {
            throw new IllegalStateException(self + " is already blocked on " + query);
        }
        query = self + "#" + (++requests);
        asked.addAll(replicas);
        for (String r : replicas) {
            ctx.send(r, new ReplicaMessage.Query(query));
        }
    }

    void onMessage(String from, Object payload, Context ctx) {
        Objects.requireNonNull(payload, "payload");
        if (payload instanceof ReplicaMessage.Query q) {
            if (query == null) {
                answer(from, q.query(), ctx);
            } else {
                pendingFrom.add(from);
                pendingQuery.add(q.query());
            }
        } else if (payload instanceof ReplicaMessage.Answer a) {
            if (a.query().equals(query)) {
                query = null;
                asked.clear();
                answered++;
                for (int i = 0; i < pendingFrom.size(); i++) {
                    answer(pendingFrom.get(i), pendingQuery.get(i), ctx);
                }
                pendingFrom.clear();
                pendingQuery.clear();
            }
        } else {
            throw new IllegalArgumentException(self + " got a " + payload.getClass().getName() + " from " + from
                    + ", which is not a replica message: " + payload);
        }
    }

    private void answer(String to, String q, Context ctx) {
        ReplicaMessage.Answer a = new ReplicaMessage.Answer(q);
        if (serviceTime.isZero()) {
            ctx.send(to, a);
        } else {
            ctx.schedule(serviceTime, () -> ctx.send(to, a));
        }
    }
}
