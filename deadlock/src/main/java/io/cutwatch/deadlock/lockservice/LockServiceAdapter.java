package io.cutwatch.deadlock.lockservice;

import io.cutwatch.model.ChannelId;
import io.cutwatch.deadlock.InTransitEffect;
import io.cutwatch.deadlock.WaitEnd;
import io.cutwatch.deadlock.WaitForAdapter;
import io.cutwatch.deadlock.WaitForEdge;
import io.cutwatch.deadlock.WaitModel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the lock service's wait-for graph (AND model; vertices are transactions, labels are
 * resources). Recorded states give, for each lock, an edge from every queued request to the
 * holder. In transit: a {@link LockMessage.Request} adds an edge from the requester to the holder
 * the owner recorded (the owner has not queued it yet); a {@link LockMessage.Release} ends every
 * wait for the releaser on that resource and the releaser's own wait on it (a withdrawn request);
 * a {@link LockMessage.Grant} ends the grantee's wait on that resource.
 *
 * <p>Only holders get edges, not earlier queued requests: with exclusive locks a waiter behind
 * another waiter is blocked but not on a cycle of its own, and every wait-for vertex has at most
 * one outgoing edge (one lock asked at a time), so each deadlocked set is exactly one cycle.
 * Stateless and thread-safe.
 */
public final class LockServiceAdapter implements WaitForAdapter<LockTableView> {
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
            LockTableView.Holder h = e.getValue().holder();
            if (h == null) {
                continue;
            }
            for (LockTableView.Holder q : e.getValue().queue()) {
                if (!q.tx().equals(h.tx())) {
                    out.add(new WaitForEdge(q.tx(), h.tx(), e.getKey()));
                }
            }
        }
        return out;
    }

    @Override
    public InTransitEffect inTransit(ChannelId channel, Object payload, LockTableView receiver) {
        if (payload instanceof LockMessage.Request r) {
            LockTableView.Lock lock = receiver.lock(r.resource());
            if (lock == null || lock.holder() == null || lock.holder().tx().equals(r.tx())) {
                return InTransitEffect.none();
            }
            return InTransitEffect.adds(new WaitForEdge(r.tx(), lock.holder().tx(), r.resource()));
        }
        if (payload instanceof LockMessage.Release r) {
            return InTransitEffect.ends(WaitEnd.released(r.tx(), r.resource()), WaitEnd.granted(r.tx(), r.resource()));
        }
        if (payload instanceof LockMessage.Grant g) {
            return InTransitEffect.ends(WaitEnd.granted(g.tx(), g.resource()));
        }
        return InTransitEffect.none();
    }
}
