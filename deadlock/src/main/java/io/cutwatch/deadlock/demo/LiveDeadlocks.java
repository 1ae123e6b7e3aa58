package io.cutwatch.deadlock.demo;

import io.cutwatch.deadlock.Deadlock;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.lockservice.SingleWaitCycles;
import io.cutwatch.deadlock.lockservice.LockService;
import io.cutwatch.deadlock.lockservice.LockTableView;
import io.cutwatch.deadlock.lockservice.TxStatus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The demo's ground truth, independent of both detectors: the deadlocks of the live global state
 * of a lock service on the simulator, read between events, and every deadlock that has existed so
 * far in the run.
 *
 * <p>A transaction {@code w} really waits for {@code h} on resource {@code r} when {@code w}'s home
 * has it waiting for {@code r}, the owner of {@code r} has {@code h} as its holder, and {@code h}'s
 * home has {@code h} (the same attempt) holding {@code r}, i.e. its release is not on its way. The
 * homes know what the lock tables cannot: a lock given back whose release has not landed yet. Each
 * transaction waits for one lock at a time, so the waits form a functional graph and each deadlock
 * is one cycle.
 */
final class LiveDeadlocks {
    /** How a reported deadlock compares with the run. */
    enum Verdict {
        /** A deadlock of the live state when the report is made. */
        REAL,
        /** Was a deadlock earlier in the run, broken since (an abort landed while the report was made). */
        STALE,
        /** Never a deadlock of the run up to the report. */
        PHANTOM
    }

    private final LockService locks;
    private final Set<Set<WaitForEdge>> seen = new HashSet<>();

    LiveDeadlocks(LockService locks) {
        this.locks = locks;
    }

    /** Records the deadlocks of the live state now; call between simulator events. */
    void observe() {
        seen.addAll(now());
    }

    /** What {@code d} is against the live state now and every state observed before. */
    Verdict judge(Deadlock d) {
        Set<WaitForEdge> cycle = new HashSet<>(d.cycle());
        if (now().contains(cycle)) {
            return Verdict.REAL;
        }
        return seen.contains(cycle) ? Verdict.STALE : Verdict.PHANTOM;
    }

    /** The live waits now: transaction -> the one wait it is blocked on. */
    Map<String, WaitForEdge> waits() {
        Map<String, LockTableView> views = new HashMap<>();
        Map<String, LockTableView.Tx> txs = new HashMap<>();
        for (String tx : locks.transactions()) {
            String home = locks.homeOf(tx);
            LockTableView v = views.computeIfAbsent(home, locks::peek);
            LockTableView.Tx t = v.transactions().get(tx);
            if (t != null) {
                txs.put(tx, t);
            }
        }
        Map<String, WaitForEdge> out = new HashMap<>();
        txs.forEach((tx, t) -> {
            if (t.status() != TxStatus.WAITING || t.waitingFor() == null) {
                return;
            }
            String r = t.waitingFor();
            LockTableView.Lock lock = views.computeIfAbsent(locks.ownerOf().get(r), locks::peek).lock(r);
            LockTableView.Holder h = lock == null ? null : lock.holder();
            if (h == null || h.tx().equals(tx)) {
                return;
            }
            LockTableView.Tx ht = txs.get(h.tx());
            if (ht != null && ht.attempt() == h.attempt() && ht.held().contains(r)) {
                out.put(tx, new WaitForEdge(tx, h.tx(), r));
            }
        });
        return out;
    }

    /** Every deadlock of the live state now, each as the set of its waits. */
    Set<Set<WaitForEdge>> now() {
        return SingleWaitCycles.of(waits());
    }
}
