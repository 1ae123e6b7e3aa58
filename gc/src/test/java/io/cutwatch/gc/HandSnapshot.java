package io.cutwatch.gc;

import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.gc.store.HeapState;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds small global snapshots by hand (all frontiers zero: trivially consistent). */
final class HandSnapshot {
    private final Topology topology;
    private final Map<String, TreeMap<Long, List<ObjectRef>>> objects = new LinkedHashMap<>();
    private final Map<String, Set<Long>> roots = new HashMap<>();
    private final Map<String, Object> rawStates = new HashMap<>();
    private final Map<ChannelId, List<Object>> channels = new HashMap<>();

    private HandSnapshot(Topology topology) {
        this.topology = topology;
        for (String p : topology.processes()) {
            objects.put(p, new TreeMap<>());
            roots.put(p, new TreeSet<>());
        }
    }

    static HandSnapshot over(String... processes) {
        return new HandSnapshot(Topology.complete(processes));
    }

    /** Object {@code id} at {@code process} holding refs written "proc:id". */
    HandSnapshot object(String process, long id, String... refs) {
        List<ObjectRef> list = new ArrayList<>();
        for (String r : refs) {
            list.add(ref(r));
        }
        objects.get(process).put(id, list);
        return this;
    }

    HandSnapshot root(String process, long id) {
        roots.get(process).add(id);
        return this;
    }

    HandSnapshot inTransit(String from, String to, Object payload) {
        channels.computeIfAbsent(ChannelId.of(from, to), c -> new ArrayList<>()).add(payload);
        return this;
    }

    /** Records {@code state} for {@code process} as is, instead of a HeapState. */
    HandSnapshot rawState(String process, Object state) {
        rawStates.put(process, state);
        return this;
    }

    static ObjectRef ref(String r) {
        int colon = r.indexOf(':');
        return new ObjectRef(r.substring(0, colon), Long.parseLong(r.substring(colon + 1)));
    }

    GlobalSnapshot<Object> build() {
        List<LocalSnapshot<Object>> pieces = new ArrayList<>();
        for (String p : topology.processes()) {
            Map<ChannelId, List<Object>> in = new HashMap<>();
            for (ChannelId c : topology.inbound(p)) {
                in.put(c, channels.getOrDefault(c, List.of()));
            }
            Object state = rawStates.containsKey(p) ? rawStates.get(p) : new HeapState(p, objects.get(p), roots.get(p));
            pieces.add(new LocalSnapshot<>(1, p, state, in, VectorClock.zero(topology.size())));
        }
        return GlobalSnapshot.assemble(1, topology, pieces);
    }
}
