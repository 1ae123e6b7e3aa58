package io.cutwatch.deadlock.lockservice;

import io.cutwatch.model.ChannelId;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitEnd;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitKind;
import io.cutwatch.deadlock.WaitModel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the lock service's wait-for graph (AND model; vertices are transactions, labels are
 * resources). Recorded states give, for each lock, an edge from every queued request to every
 * holder whose mode it cannot share ({@link WaitKind#HELD}) and, with
 * {@link Waits#HOLDERS_AND_QUEUED_AHEAD}, to every request queued ahead of it whose mode it cannot
 * share ({@link WaitKind#QUEUED_AHEAD}). In transit: a {@link LockMessage.Request} adds the same
 * edges against the lock the owner recorded (the owner has not queued it yet, so every request
 * the owner queued is ahead of it); a {@link LockMessage.Release} ends every wait for the releaser
 * on that resource (as a holder or as a request queued ahead: a withdrawn request is gone from the
 * queue) and the releaser's own wait on it; a {@link LockMessage.Grant} ends the grantee's wait on
 * that resource.
 *
 * <p>Why the option. Under the strict FIFO queue a request waits for the holders it conflicts
 * with and for the conflicting requests ahead of it: a shared request queued behind an exclusive
 * one waits although every holder is shared. Its only way forward is the exclusive request's
 * grant, so it waits for that request's transaction, and a deadlock can run through that wait
 * alone: {@code t1} holds {@code a} shared and asks {@code b}; {@code t2} queues for {@code a}
 * exclusive; {@code t3} holds {@code b} and queues for {@code a} shared behind {@code t2}. Holder
 * edges give {@code t1 -> t3} and {@code t2 -> t1}, no cycle; the queued-ahead edge
 * {@code t3 -> t2} closes {@code t1 -> t3 -> t2 -> t1}. Requests queued ahead that it can share
 * with add nothing: they are granted with it, and whatever blocks them blocks it too (a
 * conflicting holder or request ahead of them is one for it as well).
 *
 * <p>The default, {@link Waits#HOLDERS}, is the graph this adapter has always read: with
 * exclusive locks only (and one lock asked at a time) a queued-ahead edge closes no cycle a holder
 * edge does not already close, so it would only add members whose abort frees nothing. Stateless
 * and thread-safe.
 */
public final class LockServiceAdapter implements WaitForAdapter<LockTableView> {
    /** Which waits a queued request has. */
    public enum Waits {
        /** Only on the holders whose mode it cannot share (the default). */
        HOLDERS,
        /** On those holders and on the requests queued ahead of it whose mode it cannot share. */
        HOLDERS_AND_QUEUED_AHEAD
    }

    private final Waits waits;

    /** The default: waits on holders only ({@link Waits#HOLDERS}). */
    public LockServiceAdapter() {
        this(Waits.HOLDERS);
    }

    /** An adapter whose queued requests have {@code waits}. */
    public LockServiceAdapter(Waits waits) {
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    /** Which waits a queued request has here. */
    public Waits waits() {
        return waits;
    }

    @Override
    public Class<LockTableView> stateType() {
        return LockTableView.class;
    }

    @Override
    public WaitModel model() {
        return WaitModel.AND;
    }

    @Override
    public Collection<WaitForEdge> waits(String process, LockTableView state) {
        List<WaitForEdge> out = new ArrayList<>();
        for (Map.Entry<String, LockTableView.Lock> e : state.locks().entrySet()) {
            List<LockTableView.Holder> queue = e.getValue().queue();
            for (int i = 0; i < queue.size(); i++) {
                addWaits(out, queue.get(i), e.getKey(), e.getValue().holders(), queue.subList(0, i));
            }
        }
        return out;
    }

    /** The waits of {@code q} on {@code resource}: the holders it conflicts with, then (option) those queued ahead. */
    private void addWaits(List<WaitForEdge> out, LockTableView.Holder q, String resource,
                          List<LockTableView.Holder> holders, List<LockTableView.Holder> ahead) {
        addConflicts(out, q, resource, holders);
        if (waits == Waits.HOLDERS_AND_QUEUED_AHEAD) {
            addConflicts(out, q, resource, ahead);
        }
    }

    /** A wait of {@code q} on each of {@code others} (another transaction) whose mode it cannot share. */
    private static void addConflicts(List<WaitForEdge> out, LockTableView.Holder q, String resource,
                                     List<LockTableView.Holder> others) {
        for (LockTableView.Holder o : others) {
            if (!o.tx().equals(q.tx()) && !q.mode().compatibleWith(o.mode())) {
                out.add(new WaitForEdge(q.tx(), o.tx(), resource));
            }
        }
    }

    @Override
    public InTransitEffect inTransit(ChannelId channel, Object payload, LockTableView receiver) {
        if (payload instanceof LockMessage.Request r) {
            LockTableView.Lock lock = receiver.lock(r.resource());
            if (lock == null) {
                return InTransitEffect.none();
            }
            List<WaitForEdge> adds = new ArrayList<>();
            addWaits(adds, new LockTableView.Holder(r.tx(), r.attempt(), channel.from(), r.mode()), r.resource(),
                    lock.holders(), lock.queue());
            return adds.isEmpty() ? InTransitEffect.none() : new InTransitEffect(adds, List.of());
        }
        if (payload instanceof LockMessage.Release r) {
            return InTransitEffect.ends(WaitEnd.released(r.tx(), r.resource()), WaitEnd.granted(r.tx(), r.resource()));
        }
        if (payload instanceof LockMessage.Grant g) {
            return InTransitEffect.ends(WaitEnd.granted(g.tx(), g.resource()));
        }
        return InTransitEffect.none();
    }

    /** {@link WaitKind#QUEUED_AHEAD} when the transaction waited for is queued for the lock, else held. */
    @Override
    public WaitKind kind(WaitForEdge wait, LockTableView state) {
        LockTableView.Lock lock = state == null ? null : state.lock(wait.resource());
        if (lock != null && lock.queue().stream().anyMatch(q -> q.tx().equals(wait.holder()))) {
            return WaitKind.QUEUED_AHEAD;
        }
        return WaitKind.HELD;
    }
}
