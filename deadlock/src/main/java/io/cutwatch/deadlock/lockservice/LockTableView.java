package io.cutwatch.deadlock.lockservice;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The recorded state of one lock-service process: the lock table of the resources it owns and
 * the transactions it is home to. An immutable value (what {@link LockNode#view()} captures).
 *
 * @param process      the process
 * @param locks        resource -> holder and queue, for the resources this process owns
 * @param transactions transaction id -> its progress, for the transactions started here
 */
public record LockTableView(String process, Map<String, Lock> locks, Map<String, Tx> transactions) {
    public LockTableView {
        Objects.requireNonNull(process, "process");
        locks = Map.copyOf(locks);
        transactions = Map.copyOf(transactions);
    }

    /**
     * A transaction attempt holding or asking a lock, as the lock table knows it.
     *
     * @param tx      the transaction
     * @param attempt its attempt (1 for the first run)
     * @param home    the process it runs at
     * @param mode    the mode it holds or asks the lock in
     */
    public record Holder(String tx, int attempt, String home, LockMode mode) {
        public Holder {
            Objects.requireNonNull(mode, "mode");
        }

        /** An exclusive holder or request. */
        public Holder(String tx, int attempt, String home) {
            this(tx, attempt, home, LockMode.EXCLUSIVE);
        }
    }

    /**
     * One lock under a strict FIFO queue: a request is granted only when it is compatible with
     * every holder and nothing is queued ahead of it.
     *
     * @param holders the holders, in grant order: empty when free, one exclusive holder, or
     *                one or more shared holders
     * @param queue   the requests waiting, first to be granted first
     */
    public record Lock(List<Holder> holders, List<Holder> queue) {
        public Lock {
            holders = List.copyOf(holders);
            queue = List.copyOf(queue);
        }

        /** The first holder (the only one unless the lock is shared), or null when free. */
        public Holder holder() {
            return holders.isEmpty() ? null : holders.get(0);
        }
    }

    /**
     * @param status     where the transaction is
     * @param attempt    1 for the first run, +1 after each abort
     * @param step       index of the plan step it is at
     * @param waitingFor the resource it asked and waits for, or null
     * @param held       the resources it holds, in acquisition order
     * @param aborts     how often it was aborted
     */
    public record Tx(TxStatus status, int attempt, int step, String waitingFor, List<String> held, int aborts) {
        public Tx {
            held = List.copyOf(held);
        }
    }

    /** The lock on {@code resource} if this process owns it, else null. */
    public Lock lock(String resource) {
        return locks.get(resource);
    }
}
