package io.cutwatch.gc;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;

import java.util.Objects;

/**
 * Frees garbage at one process. {@link GarbageReport#reclaim} calls it once per process that
 * has garbage. Because garbage is stable (no one can reach it, so no one can give it a new
 * reference), freeing it any time after the report is safe, at each process independently.
 */
@FunctionalInterface
public interface ReclaimHook {
    /** Frees objects {@code garbage} of {@code process}. */
    void reclaim(String process, ObjectIds garbage);

    /** What a process does with its garbage, run on the process's own thread. */
    @FunctionalInterface
    interface Free<S> {
        void free(S state, ObjectIds garbage, Context ctx);
    }

    /**
     * A hook that asks each process hosted by {@code cutwatch} to free its garbage: it
     * {@link Process#tell tells} the process to run {@code free} as a local event, so freeing
     * never races the process's handlers. Returns at once; the freeing happens on the process's
     * thread (in the simulator: when the simulation runs).
     *
     * @throws IllegalStateException (when called) if a process with garbage is not hosted here
     */
    static <S> ReclaimHook viaProcesses(Cutwatch cutwatch, Free<S> free) {
        Objects.requireNonNull(cutwatch, "cutwatch");
        Objects.requireNonNull(free, "free");
        return (process, garbage) -> {
            Process<S> p = cutwatch.process(process);
            p.tell((state, ctx) -> free.free(state, garbage, ctx));
        };
    }
}
