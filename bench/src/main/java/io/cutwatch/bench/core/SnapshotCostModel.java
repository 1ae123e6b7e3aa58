package io.cutwatch.bench.core;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.sim.Simulation;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The cost model of one snapshot on the Hazelcast backend, evaluated for a topology placed on
 * members, beside what the simulator counts when it runs the same topology (docs/BENCHMARKS.md,
 * "Cost of one snapshot"). For n processes placed round-robin on m members, channel set C and
 * f messages in flight:
 *
 * <ul>
 *   <li>markers: |C| (one per channel; the simulator's count must equal it); those whose ends
 *       share a member are handed over in memory, the rest ride marker links;</li>
 *   <li>link writes: between P (member pairs joined by a channel, at most m(m-1): every
 *       member's markers to another member in one write) and G (pairs (process, other member it
 *       has a channel to), at most n(m-1): each process's markers to a member in its own write);
 *       the channels' own copies of the markers cost no write of their own;</li>
 *   <li>marker bytes on links: 24 per remote marker (channel ends, sequence number, snapshot
 *       id; no vector clock, markers are not events), against 8n|C| of clocks alone when each
 *       marker travelled with its n-wide clock in its own item;</li>
 *   <li>pieces: n IMap writes and n entry events (only the assembler hears of a piece; m n
 *       before), carrying the f recorded messages.</li>
 * </ul>
 *
 * Usage: {@code java -cp bench/target/benchmarks.jar io.cutwatch.bench.core.SnapshotCostModel}.
 */
public final class SnapshotCostModel {
    private SnapshotCostModel() {
    }

    public static void main(String[] args) {
        System.out.println("| topology | n | m | channels | markers (sim) | local markers | remote markers | link writes"
                + " P..G | old ringbuffer writes | marker KiB on links | old clock KiB | piece events (old) |"
                + " in transit (sim) | sim ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|");
        for (int n : new int[] {2, 4, 8, 16, 32, 64}) {
            row("complete", Topology.complete(Topology.ids("p", n)), 3);
        }
        for (int k : new int[] {5, 20, 50}) {
            row("ring + random, " + k + " out-channels each", randomOut(1000, k, 42), 50);
        }
        row("ring", Topology.ring(Topology.ids("p", 1000)), 50);
    }

    /** n processes, each with k channels to distinct others: its ring successor and k-1 random ones (seeded). */
    static Topology randomOut(int n, int k, long seed) {
        List<String> ids = Topology.ids("p", n);
        Random rnd = new Random(seed);
        Set<ChannelId> cs = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> to = new HashSet<>();
            to.add((i + 1) % n); // a ring keeps it strongly connected
            while (to.size() < k) {
                int j = rnd.nextInt(n);
                if (j != i) {
                    to.add(j);
                }
            }
            for (int j : to) {
                cs.add(ChannelId.of(ids.get(i), ids.get(j)));
            }
        }
        return Topology.of(ids, cs);
    }

    private static void row(String name, Topology t, int m) {
        int n = t.size();
        long channels = t.channels().size();
        long local = 0;
        Set<Long> memberPairs = new HashSet<>();
        Set<Long> groups = new HashSet<>();
        for (ChannelId c : t.channels()) {
            int a = t.indexOf(c.from()) % m;
            int b = t.indexOf(c.to()) % m;
            if (a == b) {
                local++;
            } else {
                memberPairs.add((long) a * m + b);
                groups.add((long) t.indexOf(c.from()) * m + b);
            }
        }
        long t0 = System.nanoTime();
        long[] sim = simulate(t);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (sim[0] != channels) {
            throw new IllegalStateException(name + ": the simulator sent " + sim[0] + " markers on " + channels
                    + " channels");
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %,d | %,d | %,d | %,d | %,d..%,d | %,d | %,.0f | %,.0f | %,d (%,d) |"
                        + " %,d | %d |%n", name, n, m, channels, sim[0], local, channels - local, memberPairs.size(),
                groups.size(), channels, 24.0 * (channels - local) / 1024, 8.0 * n * channels / 1024, n, (long) n * m,
                sim[1], ms);
    }

    /** {markers sent, messages recorded in transit}: every process sends 3 messages, then one snapshot. */
    private static long[] simulate(Topology t) {
        Simulation sim = new Simulation(11);
        Cutwatch cw = Cutwatch.simulated(t, sim);
        for (String id : t.processes()) {
            cw.process(id, new long[1]).capture(long[]::clone)
                    .onStart((s, ctx) -> {
                        List<String> ns = ctx.neighbours();
                        if (ns.isEmpty()) {
                            return;
                        }
                        for (int i = 0; i < 3; i++) {
                            ctx.send(ns.get(ctx.random().nextInt(ns.size())), 1L);
                        }
                    })
                    .onMessage((s, from, p, ctx) -> s[0] += (Long) p)
                    .start();
        }
        GlobalSnapshot<long[]> s = sim.await(cw.snapshots().initiate(t.process(0), Duration.ofMinutes(10)));
        long markers = sim.markersSent(s.id());
        sim.runUntilQuiet();
        return new long[] {markers, s.inTransitCount()};
    }
}
