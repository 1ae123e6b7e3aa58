package io.cutwatch.deadlock.lockservice;

import io.cutwatch.process.Context;
import io.cutwatch.deadlock.NaturalOrder;
import io.cutwatch.deadlock.lockservice.LockTableView.Holder;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live state of one lock-service process: a lock with holders and a strict FIFO queue for
 * each resource it owns (shared or exclusive; a request is granted only when it is compatible
 * with every holder and nothing is queued ahead of it, so a shared request behind a queued
 * exclusive one waits even while the holders are shared), and the transactions it is home to. A transaction runs its plan step by step;
 * to acquire a lock owned elsewhere it sends a {@link LockMessage.Request} and waits for the
 * {@link LockMessage.Grant}; locks owned here are taken without a message.
 *
 * <p>Threading: not thread-safe; it is a process state, touched only by its process's handlers
 * and actions (one at a time). {@link #view()} is the state capture for snapshots.
 */
public final class LockNode {
    private final String self;
    private final Map<String, String> ownerOf;
    private final LockService.Options options;
    private final Map<String, Entry> table = new TreeMap<>(NaturalOrder.INSTANCE);
    private final Map<String, Tx> txs = new TreeMap<>(NaturalOrder.INSTANCE);

    LockNode(String self, Map<String, String> ownerOf, LockService.Options options) {
        this.self = self;
        this.ownerOf = ownerOf;
        this.options = options;
        for (Map.Entry<String, String> e : ownerOf.entrySet()) {
            if (e.getValue().equals(self)) {
                table.put(e.getKey(), new Entry());
            }
        }
    }

    private static final class Entry {
        final List<Holder> holders = new ArrayList<>();
        final ArrayDeque<Holder> queue = new ArrayDeque<>();

        boolean compatibleWithHolders(Holder h) {
            for (Holder x : holders) {
                if (!h.mode().compatibleWith(x.mode())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Tx {
        final String id;
        final List<TxStep> plan;
        int step;
        int attempt = 1;
        int aborts;
        TxStatus status = TxStatus.RUNNING;
        String waitingFor;
        final Set<String> held = new LinkedHashSet<>();

        Tx(String id, List<TxStep> plan) {
            this.id = id;
            this.plan = plan;
        }
    }

    public String process() {
        return self;
    }

    /** The state capture: an immutable copy of the lock table and the transactions here. O(locks + txs). */
    public LockTableView view() {
        Map<String, LockTableView.Lock> locks = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : table.entrySet()) {
            locks.put(e.getKey(), new LockTableView.Lock(e.getValue().holders, new ArrayList<>(e.getValue().queue)));
        }
        Map<String, LockTableView.Tx> ts = new LinkedHashMap<>();
        for (Tx t : txs.values()) {
            ts.put(t.id, new LockTableView.Tx(t.status, t.attempt, t.step, t.waitingFor, new ArrayList<>(t.held),
                    t.aborts));
        }
        return new LockTableView(self, locks, ts);
    }

    // ---- transactions (home side) ----

    /** Starts transaction {@code id} here with {@code plan}. Runs on this process. */
    void begin(String id, List<TxStep> plan, Context ctx) {
        if (txs.containsKey(id)) {
            throw new IllegalStateException("transaction " + id + " already started at " + self);
        }
        Tx t = new Tx(id, plan);
        txs.put(id, t);
        advance(t, ctx);
    }

    /**
     * Aborts {@code id}: releases what it holds, withdraws what it waits for, and (unless restarts
     * are off) restarts it from its first step after a back-off. Idempotent: aborting a transaction
     * that is committed, already backing off or aborted does nothing. Returns whether it aborted.
     */
    boolean abort(String id, Context ctx) {
        Tx t = txs.get(id);
        if (t == null || t.status == TxStatus.COMMITTED || t.status == TxStatus.ABORTED
                || t.status == TxStatus.BACKING_OFF) {
            return false;
        }
        if (t.waitingFor != null) {
            giveUp(t, t.waitingFor, ctx);
            t.waitingFor = null;
        }
        for (String r : new ArrayList<>(t.held)) {
            giveUp(t, r, ctx);
        }
        t.held.clear();
        t.aborts++;
        t.attempt++;
        t.step = 0;
        if (!options.restartAborted()) {
            t.status = TxStatus.ABORTED;
            return true;
        }
        t.status = TxStatus.BACKING_OFF;
        int attempt = t.attempt;
        long base = options.restartBackoff().toNanos() / 1_000;
        long jitter = base <= 0 ? 0 : ctx.random().nextInt((int) Math.min(Integer.MAX_VALUE, base));
        ctx.schedule(Duration.ofNanos((base + jitter) * 1_000), () -> {
            if (t.attempt == attempt && t.status == TxStatus.BACKING_OFF) {
                t.status = TxStatus.RUNNING;
                advance(t, ctx);
            }
        });
        return true;
    }

    private void giveUp(Tx t, String resource, Context ctx) {
        String owner = ownerOf.get(resource);
        if (owner.equals(self)) {
            release(new Holder(t.id, t.attempt, self), resource, ctx);
        } else {
            ctx.send(owner, new LockMessage.Release(t.id, t.attempt, resource));
        }
    }

    private void advance(Tx t, Context ctx) {
        while (t.status == TxStatus.RUNNING) {
            if (t.step == t.plan.size()) {
                for (String r : new ArrayList<>(t.held)) {
                    giveUp(t, r, ctx);
                }
                t.held.clear();
                t.status = TxStatus.COMMITTED;
                return;
            }
            TxStep s = t.plan.get(t.step);
            if (s instanceof TxStep.Acquire a) {
                String owner = ownerOf.get(a.resource());
                t.status = TxStatus.WAITING;
                t.waitingFor = a.resource();
                Holder me = new Holder(t.id, t.attempt, self, a.mode());
                if (owner.equals(self)) {
                    request(me, a.resource(), ctx);
                } else {
                    ctx.send(owner, new LockMessage.Request(t.id, t.attempt, a.resource(), a.mode()));
                }
                return;
            } else if (s instanceof TxStep.Release r) {
                t.held.remove(r.resource());
                giveUp(t, r.resource(), ctx);
                t.step++;
            } else if (s instanceof TxStep.Work w) {
                int attempt = t.attempt;
                int step = t.step;
                ctx.schedule(w.duration(), () -> {
                    if (t.attempt == attempt && t.step == step && t.status == TxStatus.RUNNING) {
                        t.step++;
                        advance(t, ctx);
                    }
                });
                return;
            }
        }
    }

    private void granted(String tx, int attempt, String resource, Context ctx) {
        Tx t = txs.get(tx);
        if (t == null || t.attempt != attempt || t.status != TxStatus.WAITING || !resource.equals(t.waitingFor)) {
            return; // a grant to an aborted attempt: the owner already took the withdrawal as a release
        }
        t.waitingFor = null;
        t.held.add(resource);
        t.status = TxStatus.RUNNING;
        t.step++;
        advance(t, ctx);
    }

    // ---- lock table (owner side) ----

    /** Strict FIFO: granted at once only if nothing is queued and it is compatible with every holder. */
    private void request(Holder h, String resource, Context ctx) {
        Entry e = entry(resource, "request of " + h.tx());
        if (e.queue.isEmpty() && e.compatibleWithHolders(h)) {
            e.holders.add(h);
            grant(h, resource, ctx);
        } else {
            e.queue.add(h);
        }
    }

    /** A release by a holder, or the withdrawal of a queued request; either may let the queue's head in. */
    private void release(Holder h, String resource, Context ctx) {
        Entry e = entry(resource, "release by " + h.tx());
        if (removeAttempt(e.holders.iterator(), h) || removeAttempt(e.queue.iterator(), h)) {
            admit(e, resource, ctx);
        }
    }

    private static boolean removeAttempt(Iterator<Holder> it, Holder h) {
        while (it.hasNext()) {
            Holder q = it.next();
            if (q.tx().equals(h.tx()) && q.attempt() == h.attempt()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** Grants the queue's head while it is compatible with every holder (several shared ones at once). */
    private void admit(Entry e, String resource, Context ctx) {
        while (!e.queue.isEmpty() && e.compatibleWithHolders(e.queue.peek())) {
            Holder next = e.queue.poll();
            e.holders.add(next);
            grant(next, resource, ctx);
        }
    }

    private void grant(Holder h, String resource, Context ctx) {
        if (h.home().equals(self)) {
            granted(h.tx(), h.attempt(), resource, ctx);
        } else {
            ctx.send(h.home(), new LockMessage.Grant(h.tx(), h.attempt(), resource));
        }
    }

    private Entry entry(String resource, String what) {
        Entry e = table.get(resource);
        if (e == null) {
            throw new IllegalArgumentException(self + " got a " + what + " for resource '" + resource
                    + "', which it does not own (owner: " + ownerOf.get(resource) + ")");
        }
        return e;
    }

    /** The message handler of a lock-service process. */
    void onMessage(String from, Object payload, Context ctx) {
        Objects.requireNonNull(payload, "payload");
        if (payload instanceof LockMessage.Request r) {
            request(new Holder(r.tx(), r.attempt(), from, r.mode()), r.resource(), ctx);
        } else if (payload instanceof LockMessage.Release r) {
            release(new Holder(r.tx(), r.attempt(), from), r.resource(), ctx);
        } else if (payload instanceof LockMessage.Grant g) {
            granted(g.tx(), g.attempt(), g.resource(), ctx);
        } else {
            throw new IllegalArgumentException(self + " got a " + payload.getClass().getName() + " from " + from
                    + ", which is not a lock-service message: " + payload);
        }
    }
}
