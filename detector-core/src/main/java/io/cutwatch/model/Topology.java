package io.cutwatch.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fixed set of logical processes and the directed channels between them.
 *
 * <p>Process order is the order given at construction; it is the index order of every
 * {@link io.cutwatch.clock.VectorClock}. Chandy-Lamport needs every process reachable from the
 * initiator, and any process may initiate, so the channel graph must be strongly connected; the
 * factory methods check it. Immutable and safe to share between threads.
 */
public final class Topology {
    private final List<String> processes;
    private final Map<String, Integer> index;
    private final Set<ChannelId> channels;
    private final Map<String, List<ChannelId>> inbound;
    private final Map<String, List<ChannelId>> outbound;

    private Topology(List<String> processes, Collection<ChannelId> channels) {
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one process");
        }
        this.processes = List.copyOf(processes);
        this.index = indexProcesses(processes);
        Map<String, List<ChannelId>> in = new HashMap<>();
        Map<String, List<ChannelId>> out = new HashMap<>();
        for (String p : processes) {
            in.put(p, new ArrayList<>());
            out.put(p, new ArrayList<>());
        }
        Set<ChannelId> set = new TreeSet<>(channels);
        for (ChannelId c : set) {
            if (!index.containsKey(c.from()) || !index.containsKey(c.to())) {
                throw new IllegalArgumentException("channel " + c + " names a process outside " + processes);
            }
            out.get(c.from()).add(c);
            in.get(c.to()).add(c);
        }
        this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(set));
        in.replaceAll((k, v) -> List.copyOf(v));
        out.replaceAll((k, v) -> List.copyOf(v));
        this.inbound = Map.copyOf(in);
        this.outbound = Map.copyOf(out);
        requireStronglyConnected();
    }

    /**
     * Process id -> position (the vector-clock index), checking that ids are non-blank and
     * unique; shared by every structure that orders processes (topologies, traces). O(n).
     *
     * @throws IllegalArgumentException naming the offending id
     */
    public static Map<String, Integer> indexProcesses(List<String> processes) {
        Map<String, Integer> idx = new HashMap<>();
        for (String p : processes) {
            if (p == null || p.isBlank()) {
                throw new IllegalArgumentException("process ids must be non-blank, got " + processes);
            }
            if (idx.putIfAbsent(p, idx.size()) != null) {
                throw new IllegalArgumentException("duplicate process id '" + p + "' in " + processes);
            }
        }
        return Map.copyOf(idx);
    }

    /** Every ordered pair of distinct processes is a channel: n(n-1) channels. */
    public static Topology complete(String... processes) {
        return complete(Arrays.asList(processes));
    }

    public static Topology complete(List<String> processes) {
        List<ChannelId> cs = new ArrayList<>();
        for (String a : processes) {
            for (String b : processes) {
                if (!a.equals(b)) {
                    cs.add(new ChannelId(a, b));
                }
            }
        }
        return new Topology(processes, cs);
    }

    /** A unidirectional ring p0 -> p1 -> ... -> p(n-1) -> p0: n channels. */
    public static Topology ring(String... processes) {
        return ring(Arrays.asList(processes));
    }

    public static Topology ring(List<String> processes) {
        List<ChannelId> cs = new ArrayList<>();
        int n = processes.size();
        if (n > 1) {
            for (int i = 0; i < n; i++) {
                cs.add(new ChannelId(processes.get(i), processes.get((i + 1) % n)));
            }
        }
        return new Topology(processes, cs);
    }

    /** Any strongly connected set of channels over the given processes. */
    public static Topology of(List<String> processes, Collection<ChannelId> channels) {
        return new Topology(processes, channels);
    }

    /** Process ids {@code prefix0 .. prefix(n-1)}, a convenience for tests and demos. */
    public static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    public List<String> processes() {
        return processes;
    }

    public int size() {
        return processes.size();
    }

    public Set<ChannelId> channels() {
        return channels;
    }

    public boolean contains(String process) {
        return index.containsKey(process);
    }

    public boolean contains(ChannelId channel) {
        return channels.contains(channel);
    }

    /** The vector-clock index of {@code process}. */
    public int indexOf(String process) {
        Integer i = index.get(process);
        if (i == null) {
            throw new UnknownProcessException(process, "topology lookup", processes);
        }
        return i;
    }

    public String process(int index) {
        return processes.get(index);
    }

    /** Channels into {@code process}, sorted. */
    public List<ChannelId> inbound(String process) {
        indexOf(process);
        return inbound.get(process);
    }

    /** Channels out of {@code process}, sorted. */
    public List<ChannelId> outbound(String process) {
        indexOf(process);
        return outbound.get(process);
    }

    /** Throws unless {@code process} is in the topology; {@code where} names the caller for the message. */
    public void requireProcess(String process, String where) {
        if (!index.containsKey(process)) {
            throw new UnknownProcessException(process, where, processes);
        }
    }

    /** Throws unless {@code channel} is in the topology. */
    public void requireChannel(ChannelId channel, String where) {
        requireProcess(channel.from(), where);
        requireProcess(channel.to(), where);
        if (!channels.contains(channel)) {
            throw new ChannelNotInTopologyException(channel, where);
        }
    }

    private void requireStronglyConnected() {
        if (processes.size() < 2) {
            return;
        }
        String start = processes.get(0);
        Set<String> fwd = reach(start, outbound, true);
        Set<String> bwd = reach(start, inbound, false);
        for (String p : processes) {
            if (!fwd.contains(p) || !bwd.contains(p)) {
                throw new IllegalArgumentException("topology is not strongly connected: " + p
                        + (fwd.contains(p) ? " cannot reach " : " is not reachable from ") + start
                        + "; a marker from some initiator could never arrive");
            }
        }
    }

    private static Set<String> reach(String start, Map<String, List<ChannelId>> adj, boolean forward) {
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        seen.add(start);
        todo.add(start);
        while (!todo.isEmpty()) {
            for (ChannelId c : adj.get(todo.poll())) {
                String next = forward ? c.to() : c.from();
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    @Override
    public String toString() {
        return "Topology" + processes + " with " + channels.size() + " channels";
    }
}
