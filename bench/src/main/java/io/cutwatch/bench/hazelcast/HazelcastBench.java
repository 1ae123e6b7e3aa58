package io.cutwatch.bench.hazelcast;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.bench.support.PairedStats;
import io.cutwatch.snapshot.GlobalSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end benchmarks of the Hazelcast backend on 3 members in this JVM, each measured side by
 * side with its baseline in the same run and reported as ratios:
 *
 * <ol>
 *   <li>channel throughput (64-byte payloads, sender and receiver on different members) vs a
 *       reliable topic fed with {@code publishAll} batches of 100 and a plain {@code ITopic}
 *       publish loop;</li>
 *   <li>snapshot latency (initiate to assembled) for 2 to 64 processes, idle and under load,
 *       vs one message round trip on the same channels;</li>
 *   <li>application throughput with 0, 1, 10 and 100 snapshots per second (paired rounds, median
 *       and the mean's 95% confidence interval of the cost);</li>
 *   <li>Hazelcast Jet's own snapshots of a keyed stateful exactly-once pipeline on the same members;</li>
 * </ol>
 * and ends with each goal of issue 15 as a ratio from this run.
 *
 * Run: {@code java <hazelcast flags> -cp bench/target/benchmarks.jar io.cutwatch.bench.hazelcast.HazelcastBench
 * [--quick] [--only=channel|latency|app|jet] [--sizes=2,4,...] [--app-rounds=N] [--app-rates=10,100] [--app-seconds=N] [--app-warmup=N] [--latency-samples=N] [--local-initiation]}.
 * Prints a Markdown report on stdout.
 */
public final class HazelcastBench {
    record Ping(long id) {
    }

    record Pong(long id) {
    }

    record Bounce(int hops) {
    }

    static final Map<Long, CompletableFuture<Long>> PONGS = new ConcurrentHashMap<>();
    static final AtomicLong PING_IDS = new AtomicLong();

    private final List<HazelcastInstance> members;
    private final boolean quick;
    private final StringBuilder report = new StringBuilder();
    private int namespaces;
    private int reliableTopics;

    /** Process counts of the latency rows ({@code --sizes=2,4,...}). */
    private int[] sizes = {2, 4, 8, 16, 32, 64};
    /** Whether the initiating member is always the initiator's host ({@code --local-initiation}). */
    private boolean localInitiation;

    private HazelcastBench(List<HazelcastInstance> members, boolean quick) {
        this.members = members;
        this.quick = quick;
    }

    private static String[] ARGS = new String[0];

    public static void main(String[] args) throws Exception {
        ARGS = args;
        boolean quick = Arrays.asList(args).contains("--quick");
        CutwatchMembers cluster = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName("cw-bench")).partitionCount(71)
                .allowPackages("io.cutwatch.bench.hazelcast."); // the Jet job's lambdas
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            com.hazelcast.config.Config c = cluster.config();
            // The baseline reliable topics get a ringbuffer large enough to hold a whole run, so they lose nothing.
            // (A reliable topic's ringbuffer takes the ringbuffer config named like the topic.)
            c.addRingBufferConfig(new RingbufferConfig("bench-rt-*").setCapacity(1_100_000));
            // Jet (shipped in the same jar) for the side-by-side snapshot comparison; idle until part 4.
            c.getJetConfig().setEnabled(true).setCooperativeThreadCount(2);
            members.add(com.hazelcast.core.Hazelcast.newHazelcastInstance(c));
        }
        try {
            HazelcastBench b = new HazelcastBench(members, quick);
            Arrays.stream(args).filter(a -> a.startsWith("--sizes=")).findFirst().ifPresent(a ->
                    b.sizes = Arrays.stream(a.substring(8).split(",")).mapToInt(Integer::parseInt).toArray());
            b.localInitiation = Arrays.asList(args).contains("--local-initiation");
            b.line("# Hazelcast backend benchmark");
            b.line("");
            b.line("3 members in one JVM on loopback, " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + (quick ? ", --quick" : ""));
            b.line("");
            String only = Arrays.stream(args).filter(a -> a.startsWith("--only=")).map(a -> a.substring(7))
                    .findFirst().orElse("all");
            if (only.equals("all") || only.equals("channel")) {
                b.channelThroughput();
            }
            if (only.equals("all") || only.equals("latency")) {
                b.snapshotLatency();
            }
            if (only.equals("all") || only.equals("app")) {
                b.applicationThroughput();
            }
            if (only.equals("all") || only.equals("jet")) {
                b.jetSnapshots();
            }
            b.goals();
            System.out.println(b.report);
        } finally {
            CutwatchMembers.terminate(members);
        }
        System.exit(0);
    }

    /** The value of the integer option {@code prefix} (e.g. {@code "--app-rounds="}) among the arguments, or {@code dflt}. */
    private static int intOption(String prefix, int dflt) {
        return Arrays.stream(ARGS).filter(a -> a.startsWith(prefix)).map(a -> Integer.parseInt(a.substring(prefix.length())))
                .findFirst().orElse(dflt);
    }

    private void line(String s) {
        report.append(s).append('\n');
        System.err.println(s);
    }

    private String namespace(String what) {
        return "bench-" + what + "-" + (++namespaces) + "-" + Long.toHexString(System.nanoTime());
    }

    // ---------------------------------------------------------------- 1. channel throughput

    private void channelThroughput() throws Exception {
        int n = quick ? 200_000 : 1_000_000;
        int rounds = quick ? 1 : 3;
        line("## 1. Channel throughput");
        line("");
        line(n + " messages of a 64-byte payload from member 1 to member 2, " + rounds + " rounds, median;"
                + " the Cutwatch channel has window, sequence checks and vector clocks on.");
        line("");
        List<Double> cw = new ArrayList<>();
        List<Double> reliable = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> plainDelivered = new ArrayList<>();
        cutwatchChannel(n / 10);
        reliableTopic(n / 10);
        for (int r = 0; r < rounds; r++) {
            cw.add(cutwatchChannel(n));
            reliable.add(reliableTopic(n));
            double[] p = plainTopic(n);
            plain.add(p[0]);
            plainDelivered.add(p[1]);
        }
        double c = median(cw);
        double rt = median(reliable);
        double pt = median(plain);
        line("| channel | msgs/s (median) | rounds | vs reliable topic publishAll(100) |");
        line("|---|---:|---|---:|");
        line(String.format(Locale.ROOT, "| Cutwatch channel (ringbuffer, batches, window, seq, clocks) | %,.0f | %s | %.2fx |",
                c, fmt(cw), c / rt));
        line(String.format(Locale.ROOT, "| reliable topic, publishAll in batches of 100 | %,.0f | %s | 1.00x |", rt,
                fmt(reliable)));
        line(String.format(Locale.ROOT, "| plain ITopic publish loop (delivered %s of %d) | %,.0f | %s | %.2fx |",
                fmt(plainDelivered), n, pt, fmt(plain), pt / rt));
        line("");
        List<Double> paired = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            paired.add(cw.get(r) / reliable.get(r));
        }
        line("Cutwatch channel / reliable topic per round (paired): " + fmt(paired) + "; median "
                + String.format(Locale.ROOT, "%.2fx", median(paired)) + ".");
        line("");
    }

    /** Msgs/s from first send to last receipt over a Cutwatch channel s (member 1) -> r (member 2). */
    private double cutwatchChannel(int n) throws Exception {
        Topology t = Topology.complete("s", "r");
        HazelcastOptions o = HazelcastOptions.defaults(namespace("chan"));
        Cutwatch a = HazelcastCutwatch.on(members.get(0), t, o);
        Cutwatch b = HazelcastCutwatch.on(members.get(1), t, o);
        AtomicLong got = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            a.process("s", new long[1]).capture(long[]::clone).onMessage((s, f, p, ctx) -> { }).start();
            b.process("r", new long[1]).capture(long[]::clone).onMessage((s, f, p, ctx) -> {
                s[0]++;
                if (got.incrementAndGet() == n) {
                    done.complete(System.nanoTime());
                }
            }).start();
            long t0 = System.nanoTime();
            a.<long[]>process("s").tell((s, ctx) -> {
                for (int i = 0; i < n; i++) {
                    byte[] payload = new byte[64];
                    payload[0] = (byte) i;
                    ctx.send("r", payload);
                }
            });
            long t1 = done.get(300, TimeUnit.SECONDS);
            return n * 1e9 / (t1 - t0);
        } finally {
            a.close();
            b.close();
        }
    }

    /** Msgs/s through a reliable topic, publishAll batches of 100 from member 1, listener on member 2. */
    private double reliableTopic(int n) throws Exception {
        String name = "bench-rt-" + (reliableTopics++);
        ITopic<byte[]> pub = members.get(0).getReliableTopic(name);
        ITopic<byte[]> sub = members.get(1).getReliableTopic(name);
        AtomicLong got = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        java.util.UUID reg = sub.addMessageListener(new ReliableMessageListener<>() {
            @Override
            public void onMessage(Message<byte[]> m) {
                if (got.incrementAndGet() == n) {
                    done.complete(System.nanoTime());
                }
            }

            @Override
            public long retrieveInitialSequence() {
                return -1;
            }

            @Override
            public void storeSequence(long sequence) {
            }

            @Override
            public boolean isLossTolerant() {
                return false;
            }

            @Override
            public boolean isTerminal(Throwable failure) {
                return true;
            }

            @Override
            public void onCancel() {
                done.completeExceptionally(new IllegalStateException("baseline reliable topic listener cancelled after "
                        + got.get() + " of " + n + " messages"));
            }
        });
        try {
            long t0 = System.nanoTime();
            List<byte[]> batch = new ArrayList<>(100);
            for (int i = 0; i < n; i++) {
                byte[] payload = new byte[64];
                payload[0] = (byte) i;
                batch.add(payload);
                if (batch.size() == 100 || i == n - 1) {
                    pub.publishAllAsync(batch).toCompletableFuture().get(60, TimeUnit.SECONDS);
                    batch = new ArrayList<>(100);
                }
            }
            long t1 = done.get(300, TimeUnit.SECONDS);
            return n * 1e9 / (t1 - t0);
        } finally {
            sub.removeMessageListener(reg);
            pub.destroy();
        }
    }

    /** {msgs/s published, fraction delivered} for a plain ITopic publish loop. */
    private double[] plainTopic(int n) {
        String name = namespace("pt");
        ITopic<byte[]> pub = members.get(0).getTopic(name);
        ITopic<byte[]> sub = members.get(1).getTopic(name);
        AtomicLong got = new AtomicLong();
        AtomicLong last = new AtomicLong(System.nanoTime());
        java.util.UUID reg = sub.addMessageListener(m -> {
            got.incrementAndGet();
            last.set(System.nanoTime());
        });
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] payload = new byte[64];
                payload[0] = (byte) i;
                pub.publish(payload);
            }
            long quietSince = System.nanoTime();
            long seen = -1;
            while (got.get() < n && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                if (got.get() != seen) {
                    seen = got.get();
                    quietSince = System.nanoTime();
                }
                LockSupport.parkNanos(50_000_000L);
            }
            long end = Math.max(last.get(), t0 + 1);
            return new double[] {got.get() * 1e9 / (end - t0), (double) got.get() / n};
        } finally {
            sub.removeMessageListener(reg);
            pub.destroy();
        }
    }

    // ---------------------------------------------------------------- 2. snapshot latency

    private void snapshotLatency() throws Exception {
        int samples = intOption("--latency-samples=", quick ? 30 : 100);
        line("## 2. Snapshot latency");
        line("");
        line("Initiate -> GlobalSnapshot assembled at the initiating member, " + samples + " sequential snapshots per row"
                + " (random initiator, random initiating member); processes spread round-robin over the 3 members,"
                + " complete topology. Load: " + LOAD + " 64-byte messages/s in total, spread over the processes"
                + " (each sends to random neighbours on a 1 ms timer). Round trip: a message p->q and the reply q->p on the same channels, same load.");
        line("");
        line("JVM CPU per snapshot: CPU time of the whole JVM (all 3 members) from initiate to assembled, mean (the"
                + " JVM's CPU clock ticks in 10 ms steps on Linux, so a median would be coarse);"
                + " less sensitive to other programs' load than the latency, and under load it includes the"
                + " application's work in that window.");
        line("");
        line("| processes | load | snapshot median ms | snapshot p99 ms | round trip median ms | round trip p99 ms | median / round trip | ringbuffer writes per snapshot (idle) | JVM CPU ms per snapshot (mean) |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : sizes) {
            for (boolean load : new boolean[] {false, true}) {
                latencyRow(n, load, samples);
            }
        }
        line("");
    }

    /** Latency row results: (processes, loaded) -> {snapshot median ms, round trip median ms}. */
    private final Map<String, double[]> latency = new java.util.LinkedHashMap<>();
    /** Application throughput cost per rate: {median %, mean 95% CI low, CI high, rounds, median 95% interval low, high}. */
    private final Map<Integer, double[]> costCi = new java.util.TreeMap<>();
    /** The same per CPU-second of this JVM. */
    private final Map<Integer, double[]> cpuCostCi = new java.util.TreeMap<>();
    /** Jet snapshot duration medians: light, loaded (ms). */
    private double[] jet;

    private void latencyRow(int n, boolean load, int samples) throws Exception {
        Topology t = Topology.complete(Topology.ids("p", n));
        HazelcastOptions o = HazelcastOptions.defaults(namespace("lat" + n));
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, t, o));
        }
        AtomicBoolean running = new AtomicBoolean(load);
        java.util.Random rnd = new java.util.Random(n * 31L + (load ? 1 : 0));
        try {
            for (int i = 0; i < n; i++) {
                startApp(cws.get(i % 3), t.process(i), running, LOAD / 1000.0 / n);
            }
            for (int i = 0; i < 5; i++) {
                cws.get(0).snapshots().initiate("p0").get(30, TimeUnit.SECONDS);
                roundTrip(cws, t, 0, 1);
            }
            long[] snap = new long[samples];
            long[] cpu = new long[samples];
            long[] rtt = new long[samples];
            long itemsBefore = load ? 0 : ringbufferItems(o.namespace());
            for (int i = 0; i < samples; i++) {
                int c = rnd.nextInt(3);
                int who = rnd.nextInt(n);
                if (localInitiation) {
                    c = who % 3;
                }
                String initiator = t.process(who);
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                GlobalSnapshot<Object> s = cws.get(c).snapshots().<Object>initiate(initiator).get(30, TimeUnit.SECONDS);
                snap[i] = System.nanoTime() - t0;
                cpu[i] = processCpuNanos() - c0;
                if (s.processes().size() != n) {
                    throw new IllegalStateException("snapshot " + s.id() + " covers " + s.processes());
                }
                int a = rnd.nextInt(n);
                int b = (a + 1 + rnd.nextInt(n - 1)) % n;
                rtt[i] = roundTrip(cws, t, a, b);
            }
            // Idle: every ringbuffer item written is a snapshot's or a round trip's (2 per round trip).
            String writes = load ? "-" : String.format(Locale.ROOT, "%.1f",
                    (ringbufferItems(o.namespace()) - itemsBefore - 2.0 * samples) / samples);
            Arrays.sort(snap);
            Arrays.sort(rtt);
            double cpuMean = Arrays.stream(cpu).average().orElse(0) / 1e6;
            double sm = pct(snap, 50);
            double rm = pct(rtt, 50);
            line(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f | %.2f | %.1fx | %s | %.1f |", n,
                    load ? "loaded" : "idle", sm, pct(snap, 99), rm, pct(rtt, 99), sm / rm, writes, cpuMean));
            latency.put(n + (load ? "/loaded" : "/idle"), new double[] {sm, rm});
        } finally {
            running.set(false);
            cws.forEach(Cutwatch::close);
        }
    }

    /** CPU time used by this JVM so far (every thread), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Items ever written to the channel and marker-link ringbuffers of namespace {@code ns}. */
    private long ringbufferItems(String ns) {
        String prefix = "cutwatch." + ns + ".ch.";
        long total = 0;
        for (com.hazelcast.core.DistributedObject d : members.get(0).getDistributedObjects()) {
            if (d instanceof com.hazelcast.ringbuffer.Ringbuffer<?> rb && d.getName().startsWith(prefix)) {
                total += rb.tailSequence() + 1;
            }
        }
        return total;
    }

    /** Nanoseconds for Ping a->b and Pong b->a. */
    private long roundTrip(List<Cutwatch> cws, Topology t, int a, int b) throws Exception {
        long id = PING_IDS.incrementAndGet();
        CompletableFuture<Long> f = new CompletableFuture<>();
        PONGS.put(id, f);
        String to = t.process(b);
        long t0 = System.nanoTime();
        cws.get(a % 3).process(t.process(a)).tell((s, ctx) -> ctx.send(to, new Ping(id)));
        long t1 = f.get(30, TimeUnit.SECONDS);
        return t1 - t0;
    }

    /**
     * A benchmark process: answers pings, completes pongs, forwards bounces to a random
     * neighbour (closed loop), counts everything it receives; with {@code running} it also sends
     * {@code perMilli} 64-byte messages per millisecond to random neighbours.
     */
    private static void startApp(Cutwatch cw, String id, AtomicBoolean running, double perMilli) {
        cw.process(id, new long[1]).capture(long[]::clone)
                .onStart((s, ctx) -> tick(ctx, running, perMilli, new double[1]))
                .onMessage((s, from, payload, ctx) -> {
                    s[0]++;
                    if (payload instanceof Ping p) {
                        ctx.send(from, new Pong(p.id()));
                    } else if (payload instanceof Pong p) {
                        CompletableFuture<Long> f = PONGS.remove(p.id());
                        if (f != null) {
                            f.complete(System.nanoTime());
                        }
                    } else if (payload instanceof Bounce b) {
                        List<String> ns = ctx.neighbours();
                        ctx.send(ns.get(ctx.random().nextInt(ns.size())), new Bounce(b.hops() + 1));
                        BOUNCES.incrementAndGet();
                    }
                })
                .start();
    }

    static final AtomicLong BOUNCES = new AtomicLong();
    static final AtomicLong IN_TRANSIT = new AtomicLong();
    /** Offered load in the latency runs, messages per second over all processes. */
    static final int LOAD = 20_000;

    /** Sends {@code perMilli} messages per tick on average (the fraction carries over in {@code carry}). */
    private static void tick(Context ctx, AtomicBoolean running, double perMilli, double[] carry) {
        if (!running.get()) {
            return;
        }
        List<String> ns = ctx.neighbours();
        carry[0] += perMilli;
        for (; carry[0] >= 1; carry[0]--) {
            ctx.send(ns.get(ctx.random().nextInt(ns.size())), new byte[64]);
        }
        ctx.schedule(Duration.ofMillis(1), () -> tick(ctx, running, perMilli, carry));
    }

    // ---------------------------------------------------------------- 3. application throughput

    private void applicationThroughput() throws Exception {
        int seconds = intOption("--app-seconds=", 2);
        int rounds = intOption("--app-rounds=", quick ? 4 : 12);
        int[] rates = Arrays.stream(ARGS).filter(a -> a.startsWith("--app-rates=")).findFirst()
                .map(a -> java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                        Arrays.stream(a.substring(12).split(",")).mapToInt(Integer::parseInt)).distinct().toArray())
                .orElse(new int[] {0, 1, 10, 100});
        int tokens = 256;
        int warmup = intOption("--app-warmup=", quick ? 4 : 20);
        line("## 3. Application throughput under periodic snapshots");
        line("");
        line("4 processes on 3 members, complete topology, closed loop: " + tokens + " messages per process keep"
                + " bouncing to random neighbours; throughput = messages handled per second over " + seconds
                + " s, after a warm-up of " + warmup + " s (half without snapshots, half at the highest rate measured);"
                + " each round measures every rate (order rotated per round) and the cost is computed within the"
                + " round, against that round's 0/s figure; " + rounds + " rounds. Cost: median of the rounds with its"
                + " distribution-free 95% interval (order statistics), and the mean with its 95% t interval.");
        line("");
        Topology t = Topology.complete(Topology.ids("p", 4));
        HazelcastOptions o = HazelcastOptions.defaults(namespace("app"));
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, t, o));
        }
        AtomicBoolean running = new AtomicBoolean(false);
        try {
            for (int i = 0; i < 4; i++) {
                startApp(cws.get(i % 3), t.process(i), running, 0.0);
            }
            for (int i = 0; i < 4; i++) {
                cws.get(i % 3).process(t.process(i)).tell((s, ctx) -> {
                    List<String> ns = ctx.neighbours();
                    for (int k = 0; k < tokens; k++) {
                        ctx.send(ns.get(k % ns.size()), new Bounce(0));
                    }
                });
            }
            // Warm-up: the loop alone, then with snapshots at the highest rate measured, so that neither the
            // message path nor the snapshot path is still being compiled in the measured rounds.
            measure(cws, t, 0, Math.max(1, warmup / 2));
            measure(cws, t, Arrays.stream(rates).max().orElse(0), Math.max(1, warmup - warmup / 2));
            IN_TRANSIT.set(0);
            Map<Integer, List<Double>> results = new java.util.TreeMap<>();
            Map<Integer, List<Double>> costs = new java.util.TreeMap<>();
            Map<Integer, List<Double>> cpuCosts = new java.util.TreeMap<>();
            Map<Integer, List<Long>> snapsTaken = new java.util.TreeMap<>();
            for (int r = 0; r < rounds; r++) {
                Map<Integer, Double> round = new java.util.HashMap<>();
                Map<Integer, Double> roundCpu = new java.util.HashMap<>();
                for (int j = 0; j < rates.length; j++) {
                    int rate = rates[(j + r) % rates.length];
                    double[] m = measure(cws, t, rate, seconds);
                    round.put(rate, m[0]);
                    roundCpu.put(rate, m[2]);
                    results.computeIfAbsent(rate, k -> new ArrayList<>()).add(m[0]);
                    snapsTaken.computeIfAbsent(rate, k -> new ArrayList<>()).add((long) m[1]);
                }
                for (int rate : rates) {
                    costs.computeIfAbsent(rate, k -> new ArrayList<>()).add(100 * (1 - round.get(rate) / round.get(0)));
                    cpuCosts.computeIfAbsent(rate, k -> new ArrayList<>()).add(100 * (1 - roundCpu.get(rate) / roundCpu.get(0)));
                }
            }
            line("| snapshots/s | msgs/s (median) | msgs/s per round | snapshots completed | cost vs 0/s per round"
                    + " | cost, median [95% CI] | cost, mean [95% CI] |");
            line("|---:|---:|---|---:|---|---:|---:|");
            for (int rate : rates) {
                List<Double> c = costs.get(rate);
                double[] ci = meanCi(c);
                double[] mi = PairedStats.medianInterval(c);
                costCi.put(rate, new double[] {PairedStats.median(c), ci[0], ci[1], c.size(), mi[0], mi[1]});
                line(String.format(Locale.ROOT, "| %d | %,.0f | %s | %d | %s | %.1f%% [%.1f%%, %.1f%%] | %.1f%% [%.1f%%, %.1f%%] |",
                        rate, PairedStats.median(results.get(rate)), fmt(results.get(rate)),
                        snapsTaken.get(rate).stream().mapToLong(Long::longValue).sum(), pcts(c),
                        PairedStats.median(c), mi[0], mi[1], (ci[0] + ci[1]) / 2, ci[0], ci[1]));
            }
            line("");
            line("The same rounds per CPU-second of this JVM (messages handled / process CPU time): the cost a snapshot"
                    + " rate adds per message in CPU, which other programs' load on the machine disturbs far less than"
                    + " wall-clock throughput (on an otherwise idle machine the two agree, the loop being CPU-bound).");
            line("");
            line("| snapshots/s | cost per CPU-second per round | CPU cost, median [95% CI] | CPU cost, mean [95% CI] |");
            line("|---:|---|---:|---:|");
            for (int rate : rates) {
                List<Double> c = cpuCosts.get(rate);
                double[] ci = meanCi(c);
                double[] mi = PairedStats.medianInterval(c);
                cpuCostCi.put(rate, new double[] {PairedStats.median(c), ci[0], ci[1], c.size(), mi[0], mi[1]});
                line(String.format(Locale.ROOT, "| %d | %s | %.1f%% [%.1f%%, %.1f%%] | %.1f%% [%.1f%%, %.1f%%] |", rate, pcts(c),
                        PairedStats.median(c), mi[0], mi[1], (ci[0] + ci[1]) / 2, ci[0], ci[1]));
            }
            long snaps = snapsTaken.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
            line("");
            line(String.format(Locale.ROOT, "Messages in transit recorded per snapshot: %.0f on average (of %d circulating).",
                    IN_TRANSIT.get() / (double) Math.max(1, snaps), 4 * tokens));
            line("");
        } finally {
            running.set(false);
            cws.forEach(Cutwatch::close);
        }
    }

    /**
     * {msgs/s, snapshots completed, msgs per CPU-second of this JVM} over {@code seconds} with
     * {@code rate} snapshots per second.
     */
    private double[] measure(List<Cutwatch> cws, Topology t, int rate, int seconds) throws Exception {
        long before = BOUNCES.get();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger completed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long next = t0;
        int k = 0;
        while (System.nanoTime() < end) {
            if (rate > 0 && System.nanoTime() >= next) {
                all.add(cws.get(k % 3).snapshots().initiate(t.process(k % t.size()))
                        .thenAccept(g -> {
                            completed.incrementAndGet();
                            IN_TRANSIT.addAndGet(((GlobalSnapshot<?>) g).inTransitCount());
                        }));
                k++;
                next += 1_000_000_000L / rate;
            }
            LockSupport.parkNanos(rate > 0 ? Math.max(100_000L, Math.min(next, end) - System.nanoTime()) : end - System.nanoTime());
        }
        long msgs = BOUNCES.get() - before;
        double perSecond = msgs * 1e9 / (System.nanoTime() - t0);
        double perCpuSecond = msgs * 1e9 / Math.max(1, processCpuNanos() - cpu0);
        for (CompletableFuture<?> f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        return new double[] {perSecond, completed.get(), perCpuSecond};
    }

    // ---------------------------------------------------------------- 4. Jet side by side

    /**
     * Hazelcast Jet's own snapshots on the same members: a keyed stateful streaming pipeline
     * (itemStream source, 1,024 keys, a running count per key, no-op sink), exactly-once, with a
     * snapshot interval; each snapshot's duration is Jet's own record (the job execution
     * record's snapshot statistics, end minus start, read as each snapshot completes).
     */
    private void jetSnapshots() throws Exception {
        int wanted = quick ? 20 : 50;
        line("## 4. Hazelcast Jet snapshots on the same members");
        line("");
        line("Keyed stateful pipeline (itemStream -> groupingKey(seq % 1024) -> mapStateful running count -> noop sink),"
                + " EXACTLY_ONCE, snapshot interval 200 ms, " + wanted + " snapshots per row; duration = Jet's own snapshot"
                + " statistics (JobExecutionRecord.snapshotStats: end - start). Light load: 100 items/s; loaded: "
                + LOAD + " items/s (the Cutwatch latency runs' offered load).");
        line("");
        line("| load | items/s | snapshot median ms | p99 ms | snapshots |");
        line("|---|---:|---:|---:|---:|");
        double light = jetRow("light", 100, wanted);
        double loaded = jetRow("loaded", LOAD, wanted);
        jet = new double[] {light, loaded};
        line("");
    }

    private double jetRow(String what, int rate, int wanted) throws Exception {
        com.hazelcast.jet.pipeline.Pipeline p = com.hazelcast.jet.pipeline.Pipeline.create();
        p.readFrom(com.hazelcast.jet.pipeline.test.TestSources.itemStream(rate))
                .withIngestionTimestamps()
                .groupingKey(e -> e.sequence() % 1024)
                .mapStateful(() -> new long[1], (st, key, e) -> {
                    st[0]++;
                    return st[0] % 1_000_000 == 0 ? st[0] : null;
                })
                .writeTo(com.hazelcast.jet.pipeline.Sinks.noop());
        com.hazelcast.jet.config.JobConfig jc = new com.hazelcast.jet.config.JobConfig()
                .setName("bench-jet-" + what + "-" + System.nanoTime())
                .setProcessingGuarantee(com.hazelcast.jet.config.ProcessingGuarantee.EXACTLY_ONCE)
                .setSnapshotIntervalMillis(200);
        com.hazelcast.jet.Job job = members.get(0).getJet().newJob(p, jc);
        com.hazelcast.map.IMap<Long, Object> records = members.get(0).getMap("__jet.executionRecords");
        List<Long> durations = new ArrayList<>();
        try {
            long lastId = -1;
            int skip = 3;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (durations.size() < wanted && System.nanoTime() < deadline) {
                Object r = records.get(job.getId());
                if (r instanceof com.hazelcast.jet.impl.JobExecutionRecord rec && rec.snapshotStats() != null
                        && rec.snapshotId() != lastId && rec.snapshotId() >= 0) {
                    lastId = rec.snapshotId();
                    if (skip-- <= 0) {
                        durations.add(rec.snapshotStats().duration());
                    }
                }
                LockSupport.parkNanos(5_000_000L);
            }
        } finally {
            job.cancel();
        }
        if (durations.isEmpty()) {
            line("| " + what + " | " + rate + " | - | - | 0 (no snapshot completed) |");
            return Double.NaN;
        }
        long[] d = durations.stream().mapToLong(x -> x * 1_000_000L).sorted().toArray();
        line(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %d |", what, rate, pct(d, 50), pct(d, 99), d.length));
        return pct(d, 50);
    }

    // ---------------------------------------------------------------- goals

    /** Each goal of this harness as a ratio from this run's figures. */
    private void goals() {
        line("## Goals, from this run");
        line("");
        line("| goal | measured | target | met |");
        line("|---|---:|---:|---|");
        for (String row : latency.keySet()) {
            int n = Integer.parseInt(row.substring(0, row.indexOf('/')));
            // The goals name 16 and 64 processes; other rows are context.
            double target = n == 16 ? 2.5 : n == 64 ? 3.0 : Double.NaN;
            if (Double.isNaN(target)) {
                continue;
            }
            double[] v = latency.get(row);
            goal("snapshot / round trip, " + row.replace("/", " processes, "), v[0] / v[1], "x", target);
        }
        if (jet != null) {
            String light = latency.containsKey("16/idle") ? "16/idle" : null;
            String loaded = latency.containsKey("16/loaded") ? "16/loaded" : null;
            if (light != null && !Double.isNaN(jet[0])) {
                goal("snapshot p50 / Jet's, light load (16 processes idle vs Jet at 100 items/s)",
                        latency.get(light)[0] / jet[0], "x", 0.2);
            }
            if (loaded != null && !Double.isNaN(jet[1])) {
                goal("snapshot p50 / Jet's, under load (16 processes loaded vs Jet at " + LOAD + " items/s)",
                        latency.get(loaded)[0] / jet[1], "x", 0.3);
            }
        }
        for (int rate : new int[] {10, 100}) {
            double[] c = costCi.get(rate);
            if (c != null) {
                double target = rate == 10 ? 3.0 : 15.0;
                line(String.format(Locale.ROOT, "| application cost of %d snapshots/s: 95%% CI upper bound (%d rounds; mean"
                        + " CI [%.1f%%, %.1f%%]; median %.1f%% [%.1f%%, %.1f%%]) | %.1f%% | < %.0f%% | %s |", rate, (int) c[3],
                        c[1], c[2], c[0], c[4], c[5], c[2], target, c[2] < target ? "yes" : "no, by " + String.format(Locale.ROOT, "%.1f", c[2] - target)
                                + " points"));
            }
            double[] u = cpuCostCi.get(rate);
            if (u != null) {
                double target = rate == 10 ? 3.0 : 15.0;
                line(String.format(Locale.ROOT, "| (context) CPU per message at %d snapshots/s vs 0/s: 95%% CI upper bound (mean"
                        + " CI [%.1f%%, %.1f%%]; median %.1f%% [%.1f%%, %.1f%%]) | %.1f%% | < %.0f%% | %s |", rate, u[1], u[2],
                        u[0], u[4], u[5], u[2], target, u[2] < target ? "yes" : "no, by " + String.format(Locale.ROOT, "%.1f",
                                u[2] - target) + " points"));
            }
        }
        line("");
    }

    private void goal(String what, double value, String unit, double target) {
        line(String.format(Locale.ROOT, "| %s | %.2f%s | <= %.1f%s | %s |", what, value, unit, target, unit,
                value <= target ? "yes" : String.format(Locale.ROOT, "no, %.2fx over", value / target)));
    }

    /** 95% confidence interval of the mean (Student t, two-sided). */
    static double[] meanCi(List<Double> xs) {
        int n = xs.size();
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (n < 2) {
            return new double[] {mean, mean};
        }
        double var = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        double half = tQuantile975(n - 1) * Math.sqrt(var / n);
        return new double[] {mean - half, mean + half};
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (table to 30, then the normal's 1.96 bent). */
    static double tQuantile975(int df) {
        double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
                2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
                2.042};
        return df <= 30 ? t[df - 1] : 1.96 + 2.4 / df;
    }

    // ---------------------------------------------------------------- helpers

    private static double pct(long[] sortedNanos, int p) {
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }

    private static String pcts(List<Double> xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f%%", x));
        }
        return sb.toString();
    }

    private static String fmt(List<Double> xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x < 10 ? String.format(Locale.ROOT, "%.2f", x)
                    : String.format(Locale.ROOT, "%,.0f", x));
        }
        return sb.toString();
    }

}
