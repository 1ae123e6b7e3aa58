package io.cutwatch.deadlock.lockservice;

import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.WaitForEdge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's full state as ground truth: the live lock tables of every process plus every
 * message really in flight. Written independently of the adapter, directly on the lock protocol:
 * each transaction waits for at most one lock, so the waits form a functional graph and a
 * deadlock is a cycle reached by following each transaction's single wait.
 */
final class LiveOracle {
    private final Topology topology;
    private final LockService service;
    private final InFlight inFlight;

    LiveOracle(Topology topology, LockService service, InFlight inFlight) {
        this.topology = topology;
        this.service = service;
        this.inFlight = inFlight;
    }

    /** tx -> the one wait it is blocked on right now. */
    Map<String, WaitForEdge> waits() {
        Map<String, LockTableView> views = new HashMap<>();
        for (String p : topology.processes()) {
            views.put(p, service.peek(p));
        }
        Map<String, WaitForEdge> waitOf = new HashMap<>();
        for (LockTableView v : views.values()) {
            v.locks().forEach((res, lock) -> {
                if (lock.holder() != null) {
                    for (LockTableView.Holder q : lock.queue()) {
                        waitOf.put(q.tx(), new WaitForEdge(q.tx(), lock.holder().tx(), res));
                    }
                }
            });
        }
        Set<String> releasedHolds = new HashSet<>();
        Set<String> endedWaits = new HashSet<>();
        for (InFlight.Message m : inFlight.messages()) {
            if (m.payload() instanceof LockMessage.Request r) {
                LockTableView.Lock lock = views.get(m.channel().to()).lock(r.resource());
                if (lock.holder() != null && !lock.holder().tx().equals(r.tx())) {
                    waitOf.put(r.tx(), new WaitForEdge(r.tx(), lock.holder().tx(), r.resource()));
                }
            } else if (m.payload() instanceof LockMessage.Release r) {
                releasedHolds.add(r.tx() + "|" + r.resource());
                endedWaits.add(r.tx() + "|" + r.resource());
            } else if (m.payload() instanceof LockMessage.Grant g) {
                endedWaits.add(g.tx() + "|" + g.resource());
            }
        }
        waitOf.values().removeIf(w -> releasedHolds.contains(w.holder() + "|" + w.resource())
                || endedWaits.contains(w.waiter() + "|" + w.resource()));
        return waitOf;
    }

    /** Every deadlock cycle in the live state, each as the set of its waits. */
    Set<Set<WaitForEdge>> cycles() {
        return SingleWaitCycles.of(waits());
    }
}
