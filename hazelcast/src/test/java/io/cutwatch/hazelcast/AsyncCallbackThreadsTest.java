package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once a backend exists, Hazelcast's async callbacks no longer start a thread each: they run on
 * the common pool (parallelism above 1) or on Cutwatch's cached pool, whose threads are reused.
 */
class AsyncCallbackThreadsTest {
    static List<HazelcastInstance> members;

    @BeforeAll
    static void startMembers() {
        members = TestMembers.start("cw-async", 1);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    @Test
    void imapCallbacksRunOnPooledThreadsOnceABackendStarted() throws Exception {
        HazelcastInstance hz = members.get(0);
        Cutwatch cw = HazelcastCutwatch.on(hz, Topology.complete("a", "b"),
                HazelcastOptions.defaults("async-" + Long.toHexString(System.nanoTime())));
        try {
            Executor now = ConcurrencyUtil.getDefaultAsyncExecutor();
            boolean commonPool = ForkJoinPool.getCommonPoolParallelism() > 1;
            assertTrue(commonPool ? now instanceof ForkJoinPool : AsyncCallbackThreads.isInstalled(now),
                    "default async executor " + now + " with common pool parallelism "
                            + ForkJoinPool.getCommonPoolParallelism());
            assertEquals(true, AsyncCallbackThreads.install() || commonPool, "install() is idempotent");
            assertTrue(ConcurrencyUtil.getDefaultAsyncExecutor() == now, "a second install() changes nothing");

            IMap<Integer, Integer> map = hz.getMap("async-callbacks");
            Set<String> threads = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                CompletableFuture<String> ran = new CompletableFuture<>();
                map.setAsync(i, i).whenComplete((v, err) -> ran.complete(Thread.currentThread().getName()));
                String t = ran.get(10, TimeUnit.SECONDS);
                threads.add(t);
                assertTrue(commonPool ? t.contains("ForkJoinPool") : t.startsWith("cutwatch-hz-async-"),
                        "callback " + i + " ran on " + t);
            }
            // Thread-per-task would have used 20 threads; a pool reuses idle ones.
            assertTrue(threads.size() < 20, "20 sequential callbacks used " + threads.size() + " threads: " + threads);
        } finally {
            cw.close();
        }
    }
}
