package io.cutwatch.hazelcast;

import io.cutwatch.runtime.ProcessExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One process's serial executor over a shared pool: tasks run one at a time, never
 * concurrently, each seeing the effects of the previous ones (the hand-over is a CAS, a
 * happens-before edge). At most {@value #BURST} tasks run per turn before the executor yields its
 * pool thread, so one busy process cannot starve the others. {@code execute} is O(1) and
 * lock-free from any thread. After the pool shuts down, tasks are dropped.
 *
 * <p>Order and back-pressure: tasks run in submission order, except while the process is
 * <em>held back</em> because one of its outgoing channels has more than the allowed backlog
 * (see {@link #pressure}). Then deliveries (envelopes from channels, acknowledgement bookkeeping,
 * remote snapshot initiations; submitted while {@link #DELIVERING} is set) still run, and every
 * other task (local actions, timers, local initiations) waits, in order, until the backlog has
 * drained. A waiting local task is equivalent to one submitted later, so the process's event
 * order stays a valid one; and since deliveries never wait, the receivers this process feeds
 * keep acknowledging and no cycle of held-back processes can deadlock.
 */
final class SerialExecutor implements ProcessExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BURST = 256;
    /** Set by the channel readers and the control listener while they hand deliveries over. */
    static final ThreadLocal<Boolean> DELIVERING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * Runs {@code handOver} (a ringbuffer read being handed to the processes) with {@link #DELIVERING}
     * set and as one {@link DeferredWork} unit, so each process it queues envelopes on is woken once,
     * when it ends; {@code DELIVERING} is cleared before the unit's deferred work runs.
     */
    static void handOverAsOneUnit(Runnable handOver) {
        DELIVERING.set(Boolean.TRUE);
        boolean unit = DeferredWork.open();
        try {
            handOver.run();
        } finally {
            DELIVERING.set(Boolean.FALSE);
            if (unit) {
                DeferredWork.close();
            }
        }
    }

    private record Task(Runnable run, boolean delivery) {
    }

    private final String processId;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    /** Local tasks waiting while held back; only touched by the running drain. */
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Runnable kick = this::kick;
    private final AtomicInteger overloadedChannels = new AtomicInteger();
    private volatile int heldCount;

    SerialExecutor(String processId, Executor pool, ScheduledExecutorService timer) {
        this.processId = processId;
        this.pool = pool;
        this.timer = timer;
    }

    /**
     * Queues {@code task} at once; the pool is asked to run this executor at once too, or, inside
     * a {@link DeferredWork} unit on this thread (a ringbuffer read being handed over, another
     * process's task), once when the unit ends however many tasks it queued here.
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(task, DELIVERING.get()));
        if (!DeferredWork.defer(this, kick)) {
            kick();
        }
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            timer.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("process {}: timer task dropped, the backend is closed", processId);
        }
    }

    /**
     * An outgoing channel went over ({@code +1}) or back under ({@code -1}) its backlog limit; the
     * process is held back while any channel is over.
     */
    void pressure(int delta) {
        overloadedChannels.addAndGet(delta);
        kick();
    }

    /** Whether local tasks are being held back now. */
    boolean heldBack() {
        return overloadedChannels.get() > 0;
    }

    /** Local tasks waiting for the backlog to drain (approximate). */
    int heldTasks() {
        return heldCount;
    }

    /** Runs the hand-offs the task deferred (other processes' wake-ups, marker link writes). */
    private void closeUnit() {
        try {
            DeferredWork.close();
        } catch (RuntimeException e) {
            LOG.error("process {}: a hand-off after a task threw", processId, e);
        }
    }

    private void kick() {
        boolean work = !tasks.isEmpty() || (heldCount > 0 && !heldBack());
        if (work && running.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.set(false);
                tasks.clear();
                LOG.debug("process {}: tasks dropped, the backend is closed", processId);
            }
        }
    }

    private void drain() {
        try {
            for (int n = 0; n < BURST; n++) {
                boolean back = heldBack();
                Runnable next = null;
                if (!back && !held.isEmpty()) {
                    next = held.poll();
                    heldCount = held.size();
                } else {
                    Task t = tasks.poll();
                    if (t == null) {
                        break;
                    }
                    if (back && !t.delivery()) {
                        held.add(t.run());
                        heldCount = held.size();
                        continue;
                    }
                    next = t.run();
                }
                boolean unit = DeferredWork.open();
                try {
                    next.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("process {}: task threw; the process keeps running", processId, e);
                } finally {
                    if (unit) {
                        closeUnit();
                    }
                }
            }
        } finally {
            running.set(false);
            kick();
        }
    }
}
