package io.cutwatch.deadlock.lockservice;

import io.cutwatch.deadlock.WaitForEdge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deadlocks of a lock service's live state, found directly on its protocol: a transaction
 * waits for at most one lock at a time, so the waits form a functional graph (one outgoing wait
 * per waiter) and every deadlock is the cycle reached by following each transaction's single wait.
 * A ground truth written independently of the snapshot detector, for demos and tests. O(waits).
 */
public final class SingleWaitCycles {
    private SingleWaitCycles() {
    }

    /** Every cycle of {@code waitOf} (waiter -> its one wait), each as the set of its waits. */
    public static Set<Set<WaitForEdge>> of(Map<String, WaitForEdge> waitOf) {
        Set<Set<WaitForEdge>> out = new LinkedHashSet<>();
        Set<String> done = new HashSet<>();
        for (String start : waitOf.keySet()) {
            List<String> path = new ArrayList<>();
            Map<String, Integer> pos = new HashMap<>();
            String v = start;
            while (v != null && !done.contains(v) && !pos.containsKey(v)) {
                pos.put(v, path.size());
                path.add(v);
                WaitForEdge w = waitOf.get(v);
                v = w == null ? null : w.holder();
            }
            if (v != null && pos.containsKey(v)) {
                Set<WaitForEdge> cycle = new HashSet<>();
                for (int i = pos.get(v); i < path.size(); i++) {
                    cycle.add(waitOf.get(path.get(i)));
                }
                out.add(cycle);
            }
            done.addAll(path);
        }
        return out;
    }
}
