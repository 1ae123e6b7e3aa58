package io.cutwatch.hazelcast;

import io.cutwatch.runtime.ProcessExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One process's serial executor over a shared pool: tasks run one at a time, in submission
 * order, never concurrently, each seeing the effects of the previous ones (the hand-over is a
 * CAS, a happens-before edge). At most {@value #BURST} tasks run per turn before the executor
 * yields its pool thread, so one busy process cannot starve the others. Lock-free; {@code
 * execute} is O(1) from any thread. After the pool shuts down, tasks are dropped.
 */
final class SerialExecutor implements ProcessExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BURST = 256;

    private final String processId;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialExecutor(String processId, Executor pool, ScheduledExecutorService timer) {
        this.processId = processId;
        this.pool = pool;
        this.timer = timer;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        kick();
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            timer.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("process {}: timer task dropped, the backend is closed", processId);
        }
    }

    /** Tasks waiting to run (approximate). */
    int backlog() {
        return tasks.size();
    }

    private void kick() {
        if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
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
                Runnable t = tasks.poll();
                if (t == null) {
                    break;
                }
                try {
                    t.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("process {}: task threw; the process keeps running", processId, e);
                }
            }
        } finally {
            running.set(false);
            kick();
        }
    }
}
