package io.cutwatch.deadlock.lockservice;

import java.util.Objects;

/**
 * The lock protocol on the channels. {@code attempt} tells restarts of an aborted transaction
 * apart, so a late grant or release of an earlier attempt is recognised and ignored.
 */
public sealed interface LockMessage {
    String tx();

    int attempt();

    String resource();

    /**
     * Home of {@code tx} -> owner of {@code resource}: queue me in {@code mode}, grant when
     * compatible with every holder and nothing is queued ahead.
     */
    record Request(String tx, int attempt, String resource, LockMode mode) implements LockMessage {
        public Request {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(mode, "mode");
        }

        /** An exclusive request. */
        public Request(String tx, int attempt, String resource) {
            this(tx, attempt, resource, LockMode.EXCLUSIVE);
        }
    }

    /** Owner -> home: {@code tx} now holds {@code resource}. */
    record Grant(String tx, int attempt, String resource) implements LockMessage {
        public Grant {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** Home -> owner: {@code tx} gives {@code resource} up, or withdraws its queued request for it. */
    record Release(String tx, int attempt, String resource) implements LockMessage {
        public Release {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(resource, "resource");
        }
    }
}
