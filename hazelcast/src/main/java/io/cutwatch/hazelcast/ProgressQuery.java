package io.cutwatch.hazelcast;

import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Asks every other member where snapshot {@code snapshotId} stands with it, for the processes and
 * channels named (channels as parallel arrays of their ends); each member answers with a
 * {@link ProgressAnswer} carrying {@code queryId}. Compact, zero-config.
 */
public record ProgressQuery(long queryId, long snapshotId, String[] processes, String[] channelFroms,
                            String[] channelTos, String fromMember) implements ControlMessage {

    static ProgressQuery of(long queryId, long snapshotId, Set<String> processes, Set<ChannelId> channels,
                            String fromMember) {
        String[] froms = new String[channels.size()];
        String[] tos = new String[froms.length];
        int i = 0;
        for (ChannelId c : channels) {
            froms[i] = c.from();
            tos[i++] = c.to();
        }
        return new ProgressQuery(queryId, snapshotId, processes.toArray(String[]::new), froms, tos, fromMember);
    }

    /** The processes asked about. @throws MalformedWireException if one is missing or outside the topology */
    Set<String> processesIn(Topology topology) {
        if (processes == null) {
            throw new MalformedWireException("progress query " + queryId + " names no processes");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : processes) {
            if (p == null || !topology.contains(p)) {
                throw new MalformedWireException("progress query " + queryId + " names process " + p + " outside "
                        + topology);
            }
            out.add(p);
        }
        return out;
    }

    /** The channels asked about. @throws MalformedWireException if the ends do not pair up or a channel is outside the topology */
    Set<ChannelId> channelsIn(Topology topology) {
        return ProgressAnswer.channels("progress query " + queryId, channelFroms, channelTos, topology);
    }
}
