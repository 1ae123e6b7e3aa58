package io.cutwatch.deadlock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one transaction waits, at one snapshot's cut: the chain of waits from it to a transaction
 * that is not waiting, or into a deadlocked component, each link with the resource and the
 * process whose recorded state reports it (or the channel whose request in transit adds it), and
 * the messages recorded in transit that the detector took into account for the transactions on
 * the chain (requests that add a wait, grants and releases that end one). Built by
 * {@link WaitChainFinder}; an immutable value.
 *
 * @param snapshotId      the snapshot whose cut this describes
 * @param transaction     the transaction asked about
 * @param links           the waits followed, in order; empty when it is not waiting
 * @param ending          where the chain ends
 * @param deadlockMembers for {@link Ending#ENTERS_DEADLOCK}, the members of that deadlocked component
 * @param inTransit       the in-transit messages that changed a wait of a transaction on the chain
 */
public record WaitChain(long snapshotId, String transaction, List<Link> links, Ending ending,
                        List<String> deadlockMembers, List<InTransitWait> inTransit) {
    /** Where a chain ends. */
    public enum Ending {
        /** The transaction waits for nothing at the cut. */
        NOT_WAITING,
        /** The last transaction on the chain waits for nothing: the chain can unwind. */
        REACHES_RUNNING,
        /** The chain reaches a deadlocked component (or the transaction is in one): it never unwinds by itself. */
        ENTERS_DEADLOCK
    }

    /**
     * One wait of the chain.
     *
     * @param edge                  the wait: waiter, holder, resource
     * @param recordedAt            the process whose recorded state reports the wait, if one does
     * @param requestInTransitOn    the channel whose request in transit adds the wait, if one does
     * @param kind                  whether the waiter waits for what the holder holds or for its
     *                              request queued ahead
     */
    public record Link(WaitForEdge edge, Optional<String> recordedAt, Optional<ChannelId> requestInTransitOn,
                       WaitKind kind) {
        public Link {
            Objects.requireNonNull(kind, "kind");
        }

        /** A {@link WaitKind#HELD} link. */
        public Link(WaitForEdge edge, Optional<String> recordedAt, Optional<ChannelId> requestInTransitOn) {
            this(edge, recordedAt, requestInTransitOn, WaitKind.HELD);
        }

        String where() {
            List<String> w = new ArrayList<>();
            if (kind == WaitKind.QUEUED_AHEAD) {
                w.add(kind.text());
            }
            recordedAt.ifPresent(p -> w.add("recorded at " + p));
            requestInTransitOn.ifPresent(c -> w.add("request in transit on " + c));
            return String.join(", ", w);
        }
    }

    public WaitChain {
        links = List.copyOf(links);
        deadlockMembers = List.copyOf(deadlockMembers);
        inTransit = List.copyOf(inTransit);
    }

    /** The transaction where the chain ends (the transaction itself when it is not waiting). */
    public String last() {
        return links.isEmpty() ? transaction : links.get(links.size() - 1).edge().holder();
    }

    /**
     * Several lines for people: the ending, one line per link (a link waiting for a request queued
     * ahead says {@code queued ahead}; the others wait for a holder), then the messages in transit.
     */
    public String describe() {
        StringBuilder b = new StringBuilder("snapshot " + snapshotId + ": " + transaction);
        switch (ending) {
            case NOT_WAITING -> b.append(" is not waiting");
            case REACHES_RUNNING -> b.append(" waits, through ").append(links.size()).append(" link(s), on ")
                    .append(last()).append(", which is not waiting");
            case ENTERS_DEADLOCK -> b.append(" waits on the deadlock of ").append(deadlockMembers);
        }
        for (Link l : links) {
            b.append("\n  ").append(l.edge().waiter()).append(" waits for ").append(l.edge().holder())
                    .append(" on ").append(l.edge().resource()).append(" (").append(l.where()).append(')');
        }
        for (InTransitWait m : inTransit) {
            b.append("\n  taken into account: ").append(m);
        }
        return b.toString();
    }

    /**
     * The chain as JSON: snapshot, transaction, ending, links (waiter, holder, resource, {@code wait}:
     * {@code held} or {@code queued ahead}, where), messages.
     */
    public String toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("snapshot", snapshotId);
        o.put("transaction", transaction);
        o.put("ending", ending.name());
        o.put("last", last());
        o.put("deadlockMembers", deadlockMembers);
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Link l : links) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("waiter", l.edge().waiter());
            m.put("holder", l.edge().holder());
            m.put("resource", l.edge().resource());
            m.put("wait", l.kind().text());
            m.put("recordedAt", l.recordedAt().orElse(null));
            m.put("requestInTransitOn", l.requestInTransitOn().map(ChannelId::toString).orElse(null));
            ls.add(m);
        }
        o.put("links", ls);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (InTransitWait w : inTransit) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("channel", w.channel().toString());
            m.put("position", w.position());
            m.put("message", String.valueOf(w.payload()));
            m.put("effect", w.effect().toString());
            ms.add(m);
        }
        o.put("inTransit", ms);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("wait chain of " + transaction + " cannot be written as JSON", e);
        }
    }

    /**
     * The chain in Graphviz DOT: transactions as nodes (the asked one bold, a deadlocked end red),
     * waits as edges labelled with their resource; a wait that only a request in transit adds is
     * dashed; a wait for a request queued ahead is labelled {@code (queued ahead)} and has a hollow
     * arrowhead.
     */
    public String toDot() {
        StringBuilder b = new StringBuilder("digraph waitchain {\n  rankdir=LR;\n");
        b.append("  ").append(quote(transaction)).append(" [style=bold];\n");
        if (ending == Ending.ENTERS_DEADLOCK) {
            for (String m : deadlockMembers) {
                b.append("  ").append(quote(m)).append(" [color=red];\n");
            }
        }
        for (Link l : links) {
            b.append("  ").append(quote(l.edge().waiter())).append(" -> ").append(quote(l.edge().holder()))
                    .append(" [label=").append(quote(l.kind() == WaitKind.QUEUED_AHEAD
                            ? l.edge().resource() + " (" + l.kind().text() + ")" : l.edge().resource()))
                    .append(l.recordedAt().isEmpty() ? ", style=dashed" : "")
                    .append(l.kind() == WaitKind.QUEUED_AHEAD ? ", arrowhead=empty" : "").append("];\n");
        }
        return b.append("}\n").toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
}
