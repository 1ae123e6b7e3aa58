package io.cutwatch.hazelcast;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.runtime.HostedProgress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A member's answer to the {@link ProgressQuery} {@code queryId} of member {@code toMember}: a
 * {@link HostedProgress} as parallel arrays. Process {@code processes[i]} awaits markers on the
 * next {@code awaitingCounts[i]} channels of {@code awaitingFroms} (each ending at that process);
 * channel {@code backlogFroms[k] -> backlogTos[k]} has {@code queued[k]} envelopes queued at its
 * sender, {@code unacknowledged[k]} items unacknowledged and {@code unprocessed[k]} items read but
 * not handled by the receiving process (each side as seen where it is hosted). Compact, zero-config.
 */
public record ProgressAnswer(long queryId, String toMember, String[] processes, int[] awaitingCounts,
                             String[] awaitingFroms, String[] backlogFroms, String[] backlogTos, long[] queued,
                             long[] unacknowledged, long[] unprocessed, String fromMember) implements ControlMessage {

    static ProgressAnswer of(long queryId, String toMember, HostedProgress p, String fromMember) {
        int n = p.awaitingMarkers().size();
        String[] procs = new String[n];
        int[] counts = new int[n];
        List<String> froms = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Set<ChannelId>> e : p.awaitingMarkers().entrySet()) {
            procs[i] = e.getKey();
            counts[i++] = e.getValue().size();
            for (ChannelId c : e.getValue()) {
                froms.add(c.from());
            }
        }
        int m = p.backlogs().size();
        String[] bf = new String[m];
        String[] bt = new String[m];
        long[] q = new long[m];
        long[] u = new long[m];
        long[] r = new long[m];
        int k = 0;
        for (ChannelBacklog b : p.backlogs().values()) {
            bf[k] = b.channel().from();
            bt[k] = b.channel().to();
            q[k] = b.queuedAtSender();
            u[k] = b.unacknowledgedItems();
            r[k++] = b.unprocessedItems();
        }
        return new ProgressAnswer(queryId, toMember, procs, counts, froms.toArray(String[]::new), bf, bt, q, u, r,
                fromMember);
    }

    /**
     * The progress this answer carries, checked against the topology.
     *
     * @throws MalformedWireException if arrays are missing or do not line up, or a name is outside the topology
     */
    HostedProgress toProgress(Topology topology) {
        String what = "progress answer " + queryId + " from member " + fromMember;
        if (fromMember == null || processes == null || awaitingCounts == null || awaitingFroms == null
                || queued == null || unacknowledged == null || unprocessed == null || processes.length != awaitingCounts.length) {
            throw new MalformedWireException(what + " is incomplete");
        }
        Map<String, Set<ChannelId>> awaiting = new LinkedHashMap<>();
        int next = 0;
        for (int i = 0; i < processes.length; i++) {
            String to = processes[i];
            int count = awaitingCounts[i];
            if (to == null || !topology.contains(to) || count < 0 || next + count > awaitingFroms.length) {
                throw new MalformedWireException(what + " is malformed at process " + to);
            }
            Set<ChannelId> open = new LinkedHashSet<>();
            for (int j = 0; j < count; j++) {
                ChannelId c = channel(what, awaitingFroms[next++], to, topology);
                open.add(c);
            }
            awaiting.put(to, open);
        }
        if (next != awaitingFroms.length) {
            throw new MalformedWireException(what + " carries channels no process awaits");
        }
        Set<ChannelId> channels = channels(what, backlogFroms, backlogTos, topology);
        if (queued.length != channels.size() || unacknowledged.length != channels.size()
                || unprocessed.length != channels.size()) {
            throw new MalformedWireException(what + " has backlogs that do not line up with their channels");
        }
        Map<ChannelId, ChannelBacklog> backlogs = new LinkedHashMap<>();
        int k = 0;
        for (ChannelId c : channels) {
            if (queued[k] < 0 || unacknowledged[k] < 0 || unprocessed[k] < 0) {
                throw new MalformedWireException(what + " has a negative backlog on " + c);
            }
            backlogs.put(c, new ChannelBacklog(c, queued[k], unacknowledged[k], unprocessed[k]));
            k++;
        }
        return new HostedProgress(fromMember, awaiting, backlogs);
    }

    /** Channels from parallel arrays of ends, checked against the topology (duplicates refused). */
    static Set<ChannelId> channels(String what, String[] froms, String[] tos, Topology topology) {
        if (froms == null || tos == null || froms.length != tos.length) {
            throw new MalformedWireException(what + " has channel ends that do not pair up");
        }
        Set<ChannelId> out = new LinkedHashSet<>();
        for (int i = 0; i < froms.length; i++) {
            if (!out.add(channel(what, froms[i], tos[i], topology))) {
                throw new MalformedWireException(what + " names channel " + froms[i] + "->" + tos[i] + " twice");
            }
        }
        return out;
    }

    private static ChannelId channel(String what, String from, String to, Topology topology) {
        if (from == null || to == null) {
            throw new MalformedWireException(what + " names a channel without an end");
        }
        ChannelId c = ChannelId.of(from, to);
        if (!topology.contains(c)) {
            throw new MalformedWireException(what + " names channel " + c + " outside " + topology);
        }
        return c;
    }
}
