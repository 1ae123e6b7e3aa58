package io.cutwatch.deadlock;

import io.cutwatch.model.ChannelId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link WaitChain} of one transaction in the waits of a snapshot: a breadth-first
 * search over the wait-for edges from the transaction, stopped at the nearest member of a
 * deadlocked component (a chain that never unwinds by itself) or, if none is reachable, at the
 * nearest transaction that waits for nothing. A transaction that is itself deadlocked gets the
 * shortest cycle back to itself. Breadth-first search gives the fewest links (Moore 1959; any
 * textbook, e.g. Cormen et al., 3rd ed., 22.2). Cost: O(V + E) time and memory for the waits of
 * the snapshot, plus O(M) for the M messages in transit the detector used.
 */
public final class WaitChainFinder {
    private WaitChainFinder() {
    }

    /**
     * The chain of {@code transaction} given the waits at the cut and the deadlocks found in them.
     */
    public static WaitChain find(long snapshotId, SnapshotWaits waits, List<Deadlock> deadlocks, String transaction) {
        Map<String, List<WaitForEdge>> out = new LinkedHashMap<>();
        for (WaitForEdge e : waits.waits()) {
            out.computeIfAbsent(e.waiter(), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<String>> componentOf = new HashMap<>();
        for (Deadlock d : deadlocks) {
            for (String m : d.members()) {
                componentOf.put(m, d.members());
            }
        }
        List<WaitForEdge> path;
        WaitChain.Ending ending;
        List<String> members = List.of();
        if (!out.containsKey(transaction)) {
            path = List.of();
            ending = WaitChain.Ending.NOT_WAITING;
        } else if (componentOf.containsKey(transaction)) {
            members = componentOf.get(transaction);
            path = search(out, transaction, v -> v.equals(transaction));
            ending = WaitChain.Ending.ENTERS_DEADLOCK;
        } else {
            path = search(out, transaction, componentOf::containsKey);
            if (!path.isEmpty()) {
                ending = WaitChain.Ending.ENTERS_DEADLOCK;
                members = componentOf.get(path.get(path.size() - 1).holder());
            } else {
                path = search(out, transaction, v -> !out.containsKey(v));
                ending = WaitChain.Ending.REACHES_RUNNING;
            }
        }
        Set<String> onChain = new HashSet<>();
        onChain.add(transaction);
        List<WaitChain.Link> links = new ArrayList<>();
        for (WaitForEdge e : path) {
            onChain.add(e.holder());
            links.add(new WaitChain.Link(e, Optional.ofNullable(waits.recordedBy().get(e)), addedBy(waits, e),
                    waits.kind(e)));
        }
        List<InTransitWait> used = new ArrayList<>();
        for (InTransitWait m : waits.inTransit()) {
            if (touches(m.effect(), onChain)) {
                used.add(m);
            }
        }
        return new WaitChain(snapshotId, transaction, links, ending, members, used);
    }

    /** Shortest path of waits from {@code from} (at least one link) to a vertex accepted by {@code goal}; empty if none. */
    private static List<WaitForEdge> search(Map<String, List<WaitForEdge>> out, String from,
                                            java.util.function.Predicate<String> goal) {
        Map<String, WaitForEdge> via = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(from);
        Set<String> seen = new HashSet<>();
        seen.add(from);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (WaitForEdge e : out.getOrDefault(v, List.of())) {
                String w = e.holder();
                if (goal.test(w)) {
                    List<WaitForEdge> path = new ArrayList<>();
                    path.add(e);
                    for (String u = v; !u.equals(from); u = via.get(u).waiter()) {
                        path.add(via.get(u));
                    }
                    Collections.reverse(path);
                    return path;
                }
                if (seen.add(w)) {
                    via.put(w, e);
                    queue.add(w);
                }
            }
        }
        return List.of();
    }

    private static Optional<ChannelId> addedBy(SnapshotWaits waits, WaitForEdge e) {
        for (InTransitWait m : waits.inTransit()) {
            if (m.effect().adds().contains(e)) {
                return Optional.of(m.channel());
            }
        }
        return Optional.empty();
    }

    private static boolean touches(InTransitEffect effect, Set<String> onChain) {
        for (WaitForEdge a : effect.adds()) {
            if (onChain.contains(a.waiter()) || onChain.contains(a.holder())) {
                return true;
            }
        }
        for (WaitEnd end : effect.ends()) {
            if ((end.waiter() != null && onChain.contains(end.waiter()))
                    || (end.holder() != null && onChain.contains(end.holder()))) {
                return true;
            }
        }
        return false;
    }
}
