package io.cutwatch.deadlock.lockservice;

/** Where a transaction is. */
public enum TxStatus {
    /** Working through its plan (or holding during a {@link TxStep.Work} step). */
    RUNNING,
    /** Asked for a lock and waits for the grant. */
    WAITING,
    /** Aborted; waits for its back-off before it restarts from its first step. */
    BACKING_OFF,
    /** Aborted for good (restarts disabled). */
    ABORTED,
    /** Ran its whole plan and released everything. */
    COMMITTED
}
