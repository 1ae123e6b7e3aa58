package io.cutwatch.causality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Traces for tests: the textbook example and random small traces. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * The textbook example: p executes p0 p1 p2, q executes q0 q1 q2, p1 sends m to q1. Each event
     * sets its process's variable {@code x} to its 1-based number.
     */
    static Trace textbook() {
        TraceRecorder r = TraceRecorder.create(List.of("p", "q"));
        r.initial("p", Map.of("x", 0));
        r.initial("q", Map.of("x", 0));
        r.local("p", Map.of("x", 1));
        r.send("p", "m", Map.of("x", 2), "hello");
        r.local("p", Map.of("x", 3));
        r.local("q", Map.of("x", 1));
        r.receive("q", "m", Map.of("x", 2));
        r.local("q", Map.of("x", 3));
        return r.toTrace();
    }

    /**
     * A random trace of {@code n} processes and about {@code events} events in total: random local
     * steps, sends to random other processes and receives of pending messages (not necessarily
     * FIFO); some messages stay in transit. Every event sets {@code x} to a value in 0..2.
     */
    static Trace random(long seed, int n, int events) {
        Random rnd = new Random(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("p" + i);
        }
        TraceRecorder r = TraceRecorder.create(ids);
        for (String id : ids) {
            r.initial(id, Map.of("x", rnd.nextInt(3)));
        }
        Map<Integer, List<String>> pending = new HashMap<>();
        int seq = 0;
        for (int e = 0; e < events; e++) {
            int i = rnd.nextInt(n);
            String me = ids.get(i);
            List<String> mine = pending.computeIfAbsent(i, k -> new ArrayList<>());
            int choice = rnd.nextInt(3);
            Map<String, Object> vars = Map.of("x", rnd.nextInt(3));
            if (choice == 0 && !mine.isEmpty()) {
                r.receive(me, mine.remove(rnd.nextInt(mine.size())), vars);
            } else if (choice <= 1 && n > 1) {
                int to = rnd.nextInt(n - 1);
                if (to >= i) {
                    to++;
                }
                String id = me + "->" + ids.get(to) + "#" + (seq++);
                pending.computeIfAbsent(to, k -> new ArrayList<>()).add(id);
                r.send(me, id, vars, (long) rnd.nextInt(10));
            } else {
                r.local(me, vars);
            }
        }
        return r.toTrace();
    }
}
