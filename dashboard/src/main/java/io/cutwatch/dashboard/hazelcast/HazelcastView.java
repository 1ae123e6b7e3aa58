package io.cutwatch.dashboard.hazelcast;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutwatch.Cutwatch;
import io.cutwatch.hazelcast.ChannelStats;
import io.cutwatch.hazelcast.HazelcastBackend;
import io.cutwatch.hazelcast.HazelcastCutwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What the Hazelcast backend tells the dashboard: members and the processes each hosts, lost
 * processes with the reason naming their member, and the counters of the channels with an end on
 * this member. Reads the backend's own counters and maps (no Hazelcast type); used only when the
 * Cutwatch runs on Hazelcast (the hazelcast module is an optional dependency). Called on the
 * dashboard's thread, never a process's. Stateless.
 */
public final class HazelcastView {
    private HazelcastView() {
    }

    /**
     * {@code {"members":[{"member":uuid,"local":bool,"processes":[..]}],"lost":{p:reason},
     * "channels":[{"channel":"a->b","sent":..,"delivered":..,"backlog":..,"windowWaits":..,"rejected":..,"lost":..}]}}.
     */
    public static ObjectNode describe(Cutwatch cw) {
        HazelcastBackend backend = HazelcastCutwatch.backend(cw);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        Set<String> local = Set.copyOf(cw.hostedProcesses());
        Map<String, String> lost = backend.lostProcesses();
        Map<String, List<String>> byMember = new TreeMap<>();
        String localMember = null;
        for (String p : cw.topology().processes()) {
            if (lost.containsKey(p)) {
                continue;
            }
            String m = backend.hostOf(p).orElse("(not placed yet)");
            byMember.computeIfAbsent(m, k -> new ArrayList<>()).add(p);
            if (local.contains(p)) {
                localMember = m;
            }
        }
        ArrayNode members = out.putArray("members");
        for (Map.Entry<String, List<String>> e : byMember.entrySet()) {
            ObjectNode m = members.addObject();
            m.put("member", e.getKey());
            m.put("local", e.getKey().equals(localMember));
            ArrayNode ps = m.putArray("processes");
            e.getValue().forEach(ps::add);
        }
        ObjectNode lostNode = out.putObject("lost");
        lost.forEach(lostNode::put);
        ArrayNode channels = out.putArray("channels");
        for (ChannelStats s : backend.channelStats()) {
            ObjectNode c = channels.addObject();
            c.put("channel", s.channel().toString());
            c.put("sent", s.envelopesSent());
            c.put("delivered", s.envelopesDelivered());
            c.put("backlog", s.backlog());
            c.put("windowWaits", s.windowStalls());
            c.put("rejected", s.rejected());
            c.put("lost", s.lostItems());
        }
        return out;
    }

    /** The lost processes of {@code cw}'s backend, for a health check. */
    public static Supplier<Map<String, String>> lostProcesses(Cutwatch cw) {
        return HazelcastCutwatch.backend(cw)::lostProcesses;
    }
}
