package io.cutwatch.hazelcast;

import com.hazelcast.internal.util.ConcurrencyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps Hazelcast from starting a new thread for every async proxy callback on small machines.
 *
 * <p>Why: Hazelcast 5 runs the internal hop of every {@code IMap} async call (its
 * {@code DelegatingCompletableFuture}, e.g. each {@code setAsync} of a piece or an
 * acknowledgement) and every non-async dependent action on its <em>default async executor</em>:
 * the JDK common pool when that pool's parallelism is above 1, otherwise (1 or 2 cores, where the
 * common pool's parallelism is 1) an executor that starts a <em>new thread per task</em>, like
 * {@code CompletableFuture}'s own fallback. On a 2-core member that was about 300 thread starts per
 * second in the snapshot benchmark, each on the critical path of a piece being stored.
 *
 * <p>What: {@link #install()} replaces only that thread-per-task fallback with a cached pool of
 * daemon threads ({@code cutwatch-hz-async-N}): a task still never waits for another (a new
 * thread is started when every pooled one is busy, as before), but an idle thread is reused for
 * 60 s instead of a new one being started. A common pool with parallelism above 1, or any
 * executor set by someone else, is left alone. JVM-wide, once, idempotent; the same effect as
 * starting the JVM with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}, without
 * the flag. Uses Hazelcast's internal {@code ConcurrencyUtil}; if that is missing (another
 * Hazelcast version), it logs once and changes nothing.
 *
 * <p>Thread-safe.
 */
final class AsyncCallbackThreads {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncCallbackThreads.class);
    private static Executor installed;

    private AsyncCallbackThreads() {
    }

    /**
     * Installs the pooled executor if Hazelcast's default is the thread-per-task fallback.
     *
     * @return whether Hazelcast's default async executor is now the pooled one
     */
    static synchronized boolean install() {
        try {
            Executor current = ConcurrencyUtil.getDefaultAsyncExecutor();
            if (current == installed) {
                return installed != null;
            }
            if (current instanceof ForkJoinPool || current instanceof ThreadPoolExecutor) {
                return false; // the common pool with parallelism > 1, or a pool someone chose: leave it
            }
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "cutwatch-hz-async-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            ConcurrencyUtil.setDefaultAsyncExecutor(pool);
            installed = pool;
            return true;
        } catch (LinkageError e) {
            LOG.info("Hazelcast's default async executor left as it is ({}); on a 1-2 core machine, start the JVM"
                    + " with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2", e.toString());
            return false;
        }
    }

    /** Whether {@code e} is the executor {@link #install()} put in place. */
    static synchronized boolean isInstalled(Executor e) {
        return e != null && e == installed;
    }
}
