package io.cutwatch.hazelcast;

/**
 * Hand-offs a thread postpones to the end of the unit of work it is in (one ringbuffer read
 * handed over, one process task), each done once however often it was asked for.
 *
 * <p>Why: a snapshot of n processes delivers n(n-1) markers, and a link item carries the markers
 * of many channels into the same few processes. Handed over one by one, each marker could wake
 * its process's executor (a pool submission and a thread wake-up per marker), and each process
 * task that sent markers to another member started that member pair's link write from the pool
 * (another hop). Within a unit: a {@link SerialExecutor} queues the tasks at once, in order, and
 * asks its pool once at the end ({@link SerialExecutor#execute}); a marker link's sender takes
 * every marker the task queued into its one write, started on this thread when the task ends
 * ({@link ChannelSender}). Queuing order, and so each channel's FIFO order, is unchanged: only
 * the wake-up moves.
 *
 * <p>Use: {@code boolean opened = DeferredWork.open(); try { ... } finally { if (opened) DeferredWork.close(); }}.
 * Units nest: only the outermost one runs the deferred work. O(1) per deferral.
 * Thread-confined (a thread-local), so no locking.
 */
final class DeferredWork {
    private static final ThreadLocal<DeferredWork> MINE = ThreadLocal.withInitial(DeferredWork::new);

    private boolean open;
    /** Deferred work and the object it is for (compared by identity), in the order first asked. */
    private Object[] owners = new Object[8];
    private Runnable[] works = new Runnable[8];
    private int size;

    private DeferredWork() {
    }

    /** Opens a unit on this thread; false if one is already open (then the outer one closes it). */
    static boolean open() {
        DeferredWork d = MINE.get();
        if (d.open) {
            return false;
        }
        d.open = true;
        return true;
    }

    /**
     * Defers {@code work} for {@code owner} to the end of this thread's open unit, once per owner;
     * false if no unit is open (the caller does the work now). O(owners deferred in this unit),
     * O(1) when the same owner asks twice in a row.
     */
    static boolean defer(Object owner, Runnable work) {
        DeferredWork d = MINE.get();
        if (!d.open) {
            return false;
        }
        if (d.size > 0 && d.owners[d.size - 1] == owner) {
            return true;
        }
        for (int i = 0; i < d.size; i++) {
            if (d.owners[i] == owner) {
                return true;
            }
        }
        if (d.size == d.owners.length) {
            d.owners = java.util.Arrays.copyOf(d.owners, d.size * 2);
            d.works = java.util.Arrays.copyOf(d.works, d.size * 2);
        }
        d.owners[d.size] = owner;
        d.works[d.size++] = work;
        return true;
    }

    /**
     * Closes this thread's unit and runs what was deferred, in the order first asked, each once;
     * all of it even if one throws (the first exception is rethrown afterwards, the others
     * suppressed). Work deferred while these run is done at once.
     */
    static void close() {
        DeferredWork d = MINE.get();
        d.open = false;
        int n = d.size;
        if (n == 0) {
            return;
        }
        Runnable[] run = java.util.Arrays.copyOf(d.works, n);
        java.util.Arrays.fill(d.owners, 0, n, null);
        java.util.Arrays.fill(d.works, 0, n, null);
        d.size = 0;
        RuntimeException first = null;
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
