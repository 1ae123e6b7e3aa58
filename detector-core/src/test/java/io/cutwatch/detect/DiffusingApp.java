package io.cutwatch.detect;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;

import java.time.Duration;
import java.util.List;

/**
 * A diffusing computation for tests: the root starts with {@code roots} tasks; working on a task
 * of depth d takes a random time and spawns 0..{@code fanout} tasks of depth d+1 on random
 * neighbours, up to {@code maxDepth}. A process is passive when it has no pending task, and only a
 * received task makes it active again, so the computation terminates and termination is stable.
 */
final class DiffusingApp {
    record Task(int depth) {
    }

    /** The recorded state. */
    record WorkState(int pending, long done) implements Passivity {
        @Override
        public boolean passive() {
            return pending == 0;
        }
    }

    static final class Worker {
        int pending;
        long done;

        WorkState copy() {
            return new WorkState(pending, done);
        }
    }

    private DiffusingApp() {
    }

    static void start(Cutwatch cw, int roots, int fanout, int maxDepth, Duration maxWork) {
        List<String> ids = cw.topology().processes();
        for (String id : ids) {
            var b = cw.process(id, new Worker())
                    .capture(Worker::copy)
                    .onMessage((w, from, payload, ctx) -> accept(w, (Task) payload, ctx, fanout, maxDepth, maxWork));
            if (id.equals(ids.get(0))) {
                b.onStart((w, ctx) -> {
                    for (int i = 0; i < roots; i++) {
                        accept(w, new Task(0), ctx, fanout, maxDepth, maxWork);
                    }
                });
            }
            b.start();
        }
    }

    private static void accept(Worker w, Task t, Context ctx, int fanout, int maxDepth, Duration maxWork) {
        w.pending++;
        long micros = 1 + ctx.random().nextInt((int) Math.max(1, maxWork.toNanos() / 1_000));
        ctx.schedule(Duration.ofNanos(micros * 1_000), () -> {
            if (t.depth() < maxDepth) {
                int children = ctx.random().nextInt(fanout + 1);
                List<String> ns = ctx.neighbours();
                for (int i = 0; i < children; i++) {
                    ctx.send(ns.get(ctx.random().nextInt(ns.size())), new Task(t.depth() + 1));
                }
            }
            w.done++;
            w.pending--;
        });
    }
}
