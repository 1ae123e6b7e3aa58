package io.cutwatch.snapshot;

import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hand-driven FIFO network over bare {@link ChandyLamport} engines: the test decides exactly
 * when each message or marker is delivered. A process's state is the list of its application
 * events ("sent m1", "got m2"), captured as an immutable copy.
 */
final class ManualNetwork {
    private record InFlight(Object payload, long marker, VectorClock clock) {
    }

    final Topology topology;
    final Map<String, ChandyLamport<List<String>>> engines = new HashMap<>();
    final Map<String, List<String>> log = new HashMap<>();
    final Map<String, VectorClock> clocks = new HashMap<>();
    final Map<ChannelId, Deque<InFlight>> wires = new HashMap<>();
    final List<LocalSnapshot<List<String>>> pieces = new ArrayList<>();
    final List<SnapshotFailure> failures = new ArrayList<>();
    /** Processes whose state capture throws. */
    final Set<String> brokenCapture = new HashSet<>();
    int markersSent;

    ManualNetwork(Topology topology) {
        this.topology = topology;
        for (String p : topology.processes()) {
            engines.put(p, new ChandyLamport<>(p, topology.inbound(p), topology.outbound(p)));
            log.put(p, new ArrayList<>());
            clocks.put(p, VectorClock.zero(topology.size()));
        }
        for (ChannelId c : topology.channels()) {
            wires.put(c, new ArrayDeque<>());
        }
    }

    void send(String from, String to, String msg) {
        VectorClock c = clocks.get(from).tick(topology.indexOf(from));
        clocks.put(from, c);
        log.get(from).add("sent " + msg);
        wires.get(new ChannelId(from, to)).add(new InFlight(msg, -1, c));
    }

    void initiate(String p, long id) {
        apply(p, engines.get(p).initiate(id, () -> capture(p), clocks.get(p)));
    }

    private List<String> capture(String p) {
        if (brokenCapture.contains(p)) {
            throw new IllegalStateException("capture of " + p + " is broken");
        }
        return List.copyOf(log.get(p));
    }

    /** Delivers the head of channel from->to; returns what it was. */
    Object deliver(String from, String to) {
        ChannelId ch = new ChannelId(from, to);
        InFlight f = wires.get(ch).poll();
        if (f == null) {
            throw new AssertionError("nothing in flight on " + ch);
        }
        if (f.marker >= 0) {
            apply(to, engines.get(to).onMarker(ch, f.marker, () -> capture(to), clocks.get(to)));
            return "marker " + f.marker;
        }
        engines.get(to).onMessage(ch, f.payload);
        int i = topology.indexOf(to);
        clocks.put(to, clocks.get(to).merge(f.clock).tick(i));
        log.get(to).add("got " + f.payload);
        return f.payload;
    }

    /** Delivers everything in flight, round-robin over channels, until the network is empty. */
    void drain() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (ChannelId c : topology.channels()) {
                if (!wires.get(c).isEmpty()) {
                    deliver(c.from(), c.to());
                    moved = true;
                }
            }
        }
    }

    GlobalSnapshot<List<String>> assemble(long id) {
        List<LocalSnapshot<List<String>>> mine = new ArrayList<>();
        for (LocalSnapshot<List<String>> p : pieces) {
            if (p.snapshotId() == id) {
                mine.add(p);
            }
        }
        return GlobalSnapshot.assemble(id, topology, mine);
    }

    private void apply(String p, Effects<List<String>> e) {
        for (ChannelId c : e.markersToSend()) {
            wires.get(c).add(new InFlight(null, e.snapshotId(), clocks.get(p)));
            markersSent++;
        }
        e.completed().ifPresent(pieces::add);
        e.failure().ifPresent(failures::add);
    }
}
