package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelNotInTopologyException;
import io.cutwatch.model.Topology;
import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.CutConsistency;
import io.cutwatch.clock.VectorClock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent global snapshot: the recorded state of every process, the recorded state of
 * every channel (messages in transit across the cut) and the cut's frontier (each process's
 * vector clock at its recording point).
 *
 * <p>Instances only exist checked: {@link #assemble} refuses pieces that do not cover the
 * topology exactly or that do not form a consistent cut (closed under happened-before). So a
 * stable property (deadlock, garbage, termination) that holds here held in a real state of the
 * run between the snapshot's start and end, and still holds. Immutable and thread-safe as long
 * as the captured states are.
 *
 * @param <S> the type the processes' state capture returns
 */
public final class GlobalSnapshot<S> {
    private final long id;
    private final Map<String, S> states;
    private final Map<ChannelId, List<Object>> channels;
    private final Map<String, VectorClock> frontier;

    private GlobalSnapshot(long id, Map<String, S> states, Map<ChannelId, List<Object>> channels,
                           Map<String, VectorClock> frontier) {
        this.id = id;
        this.states = Collections.unmodifiableMap(states);
        this.channels = Collections.unmodifiableMap(channels);
        this.frontier = Collections.unmodifiableMap(frontier);
    }

    /**
     * Builds the global snapshot from one local snapshot per process of {@code topology}.
     *
     * @throws InconsistentCutException if a process is missing or doubled, a channel is missing,
     *                                  a piece belongs to another snapshot, or the cut is not consistent
     */
    public static <S> GlobalSnapshot<S> assemble(long snapshotId, Topology topology,
                                                 Collection<LocalSnapshot<S>> pieces) {
        Map<String, LocalSnapshot<S>> byProcess = new HashMap<>();
        for (LocalSnapshot<S> p : pieces) {
            if (p.snapshotId() != snapshotId) {
                throw new InconsistentCutException(snapshotId, "piece of " + p.processId()
                        + " belongs to snapshot " + p.snapshotId());
            }
            if (!topology.contains(p.processId())) {
                throw new InconsistentCutException(snapshotId, "piece from unknown process " + p.processId());
            }
            if (byProcess.put(p.processId(), p) != null) {
                throw new InconsistentCutException(snapshotId, "two pieces from " + p.processId());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String p : topology.processes()) {
            if (!byProcess.containsKey(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new InconsistentCutException(snapshotId, "no piece from " + missing);
        }
        Map<String, S> states = new LinkedHashMap<>();
        Map<ChannelId, List<Object>> channels = new LinkedHashMap<>();
        Map<String, VectorClock> frontier = new LinkedHashMap<>();
        for (String p : topology.processes()) {
            LocalSnapshot<S> piece = byProcess.get(p);
            if (piece.frontier().width() != topology.size()) {
                throw new InconsistentCutException(snapshotId, "frontier of " + p + " has width "
                        + piece.frontier().width() + ", topology has " + topology.size() + " processes");
            }
            states.put(p, piece.state());
            frontier.put(p, piece.frontier());
        }
        for (ChannelId c : topology.channels()) {
            List<Object> recorded = byProcess.get(c.to()).channels().get(c);
            if (recorded == null) {
                throw new InconsistentCutException(snapshotId, c.to() + " did not record channel " + c);
            }
            channels.put(c, recorded);
        }
        requireConsistent(snapshotId, topology, frontier);
        return new GlobalSnapshot<>(snapshotId, states, channels, frontier);
    }

    /**
     * Checks that the frontier clocks form a consistent cut: for all processes i and j, j's
     * frontier knows no more events of i than i's own frontier does ({@link CutConsistency}). O(n^2).
     *
     * @throws InconsistentCutException naming the first offending pair
     */
    public static void requireConsistent(long snapshotId, Topology topology, Map<String, VectorClock> frontier) {
        int n = topology.size();
        VectorClock[] clocks = new VectorClock[n];
        for (int i = 0; i < n; i++) {
            clocks[i] = frontier.get(topology.process(i));
        }
        CutConsistency.Violation v = CutConsistency.firstViolation(n, (holder, process) -> clocks[holder].get(process));
        if (v != null) {
            throw new InconsistentCutException(snapshotId, topology.process(v.knower()), v.knows(),
                    topology.process(v.known()), v.recorded());
        }
    }

    public long id() {
        return id;
    }

    /** Process ids in topology order. */
    public List<String> processes() {
        return List.copyOf(states.keySet());
    }

    /** The recorded state of {@code process}. */
    public S state(String process) {
        if (!states.containsKey(process)) {
            throw new UnknownProcessException(process, "snapshot " + id, states.keySet());
        }
        return states.get(process);
    }

    /** Recorded states by process id, in topology order. */
    public Map<String, S> states() {
        return states;
    }

    /** The messages in transit on {@code from -> to} across the cut, in send order. */
    public List<Object> channel(String from, String to) {
        ChannelId c = new ChannelId(from, to);
        List<Object> msgs = channels.get(c);
        if (msgs == null) {
            throw new ChannelNotInTopologyException(c, "snapshot " + id);
        }
        return msgs;
    }

    /** Every channel's recorded state, channels in topology order. */
    public Map<ChannelId, List<Object>> channels() {
        return channels;
    }

    /** Number of messages in transit across the cut, over all channels. */
    public int inTransitCount() {
        int n = 0;
        for (List<Object> m : channels.values()) {
            n += m.size();
        }
        return n;
    }

    /** Each process's vector clock at its recording point. */
    public Map<String, VectorClock> frontier() {
        return frontier;
    }

    @Override
    public String toString() {
        return "GlobalSnapshot{id=" + id + ", states=" + states + ", inTransit=" + inTransitCount() + "}";
    }
}
