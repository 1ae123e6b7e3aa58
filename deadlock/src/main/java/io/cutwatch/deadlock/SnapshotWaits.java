package io.cutwatch.deadlock;

import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The waits of a consistent snapshot: every recorded state's waits (through the adapter),
 * adjusted by the messages recorded in transit. Requests in transit add waits the holder's side
 * has not seen; grants and releases in transit end waits the waiter's side still records.
 *
 * <p>The result does not depend on the order of channels or messages: it is
 * (state waits ∪ in-transit adds) \ (waits matched by any in-transit end). O(W + M·k) where W is
 * the number of waits, M the messages in transit and k the ends per resource.
 *
 * @param waits      the waits that hold at the cut, each once, in a deterministic order
 * @param inTransit  the in-transit messages that changed something, by channel then send order
 * @param recordedBy for each wait that a recorded state reports, the first process in topology
 *                   order whose state reports it (for a lock service, the one holding the lock
 *                   table); waits that only a request in transit adds are absent
 * @param queuedAhead the waits (among {@code waits}) the adapter calls {@link WaitKind#QUEUED_AHEAD};
 *                    every other wait is {@link WaitKind#HELD}
 */
public record SnapshotWaits(List<WaitForEdge> waits, List<InTransitWait> inTransit, Map<WaitForEdge, String> recordedBy,
                            Set<WaitForEdge> queuedAhead) {
    public SnapshotWaits {
        waits = List.copyOf(waits);
        inTransit = List.copyOf(inTransit);
        recordedBy = Map.copyOf(recordedBy);
        queuedAhead = Set.copyOf(queuedAhead);
    }

    /** Waits that are all {@link WaitKind#HELD}. */
    public SnapshotWaits(List<WaitForEdge> waits, List<InTransitWait> inTransit, Map<WaitForEdge, String> recordedBy) {
        this(waits, inTransit, recordedBy, Set.of());
    }

    /** The kind of {@code wait}, one of {@link #waits()}. */
    public WaitKind kind(WaitForEdge wait) {
        return queuedAhead.contains(wait) ? WaitKind.QUEUED_AHEAD : WaitKind.HELD;
    }

    /**
     * Reads {@code snapshot} through {@code adapter}.
     *
     * @throws WaitForAdapterException naming the snapshot and process or channel when a recorded
     *                                 state has the wrong type or the adapter throws or returns null
     */
    public static <S> SnapshotWaits of(GlobalSnapshot<?> snapshot, WaitForAdapter<S> adapter) {
        Class<S> type = adapter.stateType();
        Map<String, S> states = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : snapshot.states().entrySet()) {
            Object st = e.getValue();
            if (!type.isInstance(st)) {
                throw new WaitForAdapterException("snapshot " + snapshot.id() + ": process " + e.getKey()
                        + " recorded " + (st == null ? "null" : "a " + st.getClass().getName()) + " but the adapter "
                        + adapter.getClass().getName() + " reads " + type.getName()
                        + "; give every process a capture returning " + type.getSimpleName());
            }
            states.put(e.getKey(), type.cast(st));
        }
        Set<WaitForEdge> waits = new LinkedHashSet<>();
        Map<WaitForEdge, String> recordedBy = new HashMap<>();
        Set<WaitForEdge> queuedAhead = new HashSet<>();
        for (Map.Entry<String, S> e : states.entrySet()) {
            Collection<WaitForEdge> w;
            try {
                w = adapter.waits(e.getKey(), e.getValue());
                if (w != null) {
                    for (WaitForEdge edge : w) {
                        if (adapter.kind(edge, e.getValue()) == WaitKind.QUEUED_AHEAD) {
                            queuedAhead.add(edge);
                        }
                    }
                }
            } catch (RuntimeException ex) {
                throw new WaitForAdapterException("snapshot " + snapshot.id() + ": the adapter threw reading the"
                        + " waits of process " + e.getKey() + ": " + ex, ex);
            }
            if (w == null) {
                throw new WaitForAdapterException("snapshot " + snapshot.id() + ": the adapter returned null waits"
                        + " for process " + e.getKey() + "; return an empty collection instead");
            }
            waits.addAll(w);
            for (WaitForEdge edge : w) {
                recordedBy.putIfAbsent(edge, e.getKey());
            }
        }
        List<InTransitWait> used = new ArrayList<>();
        Map<String, List<WaitEnd>> endsByResource = new HashMap<>();
        for (Map.Entry<ChannelId, List<Object>> c : snapshot.channels().entrySet()) {
            S receiver = states.get(c.getKey().to());
            List<Object> msgs = c.getValue();
            for (int i = 0; i < msgs.size(); i++) {
                InTransitEffect effect;
                try {
                    effect = adapter.inTransit(c.getKey(), msgs.get(i), receiver);
                    if (effect != null) {
                        for (WaitForEdge edge : effect.adds()) {
                            if (adapter.kind(edge, receiver) == WaitKind.QUEUED_AHEAD) {
                                queuedAhead.add(edge);
                            }
                        }
                    }
                } catch (RuntimeException ex) {
                    throw new WaitForAdapterException("snapshot " + snapshot.id() + ": the adapter threw on message "
                            + i + " in transit on " + c.getKey() + " (" + msgs.get(i) + "): " + ex, ex);
                }
                if (effect == null) {
                    throw new WaitForAdapterException("snapshot " + snapshot.id() + ": the adapter returned null for"
                            + " message " + i + " in transit on " + c.getKey() + "; return InTransitEffect.none()");
                }
                if (effect.isNone()) {
                    continue;
                }
                used.add(new InTransitWait(c.getKey(), i, msgs.get(i), effect));
                waits.addAll(effect.adds());
                for (WaitEnd end : effect.ends()) {
                    endsByResource.computeIfAbsent(end.resource(), k -> new ArrayList<>()).add(end);
                }
            }
        }
        if (!endsByResource.isEmpty()) {
            waits.removeIf(w -> {
                List<WaitEnd> ends = endsByResource.get(w.resource());
                if (ends == null) {
                    return false;
                }
                for (WaitEnd end : ends) {
                    if (end.matches(w)) {
                        return true;
                    }
                }
                return false;
            });
        }
        recordedBy.keySet().retainAll(waits);
        queuedAhead.retainAll(waits);
        return new SnapshotWaits(new ArrayList<>(waits), used, recordedBy, queuedAhead);
    }
}
