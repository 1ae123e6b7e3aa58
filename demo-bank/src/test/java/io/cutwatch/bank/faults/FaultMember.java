package io.cutwatch.bank.faults;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.Cutwatch;
import io.cutwatch.bank.Branch;
import io.cutwatch.bank.BranchState;
import io.cutwatch.bank.Transfer;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.HazelcastOptions;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import io.cutwatch.snapshot.SnapshotFailure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One bank member for the fault tests, in a JVM of its own: a Hazelcast member bound to the
 * address it is given (inside a network namespace), hosting some branches of the bank, driven by
 * the test through one-line commands on standard input and answering with one-line events on
 * standard output ({@code EVT <kind> key=value ...}). The driving member (the first branch range
 * starting the cluster) takes snapshots back to back and reports each one's outcome with what the
 * test checks: the money (balances plus transfers recorded in flight) and the cut (transfers sent
 * minus received, against the transfers recorded in flight), or the typed failure.
 *
 * <p>Arguments: {@code NAME BIND_IP PEER_IPS(comma) CLUSTER BRANCHES FIRST-LAST}. Hazelcast settings
 * that make faults visible within seconds (heartbeat every second, a member is removed after
 * {@code -Dhazelcast.max.no.heartbeat.seconds} without one, split-brain merge checks every few
 * seconds) come as system properties from the test.
 *
 * <p>Commands: {@code snapshots TIMEOUT_MS GAP_MS EXPECTED_TOTAL} starts the snapshot loop (driver
 * only), {@code stop-snapshots} stops it, {@code switch NAMESPACE P1,P2,...} closes the namespace
 * and starts this member's branches among {@code P*} afresh (1,000 each) in a new namespace over
 * {@code P*} (the documented recovery: drop the lost processes).
 */
public final class FaultMember {
    private final HazelcastInstance hz;
    private final List<String> allBranches;
    private final List<String> mine;
    private final Random random = new Random(7);
    private volatile Cutwatch cw;
    private volatile String namespace;
    private volatile Thread snapshotLoop;
    private final AtomicBoolean snapshotting = new AtomicBoolean();

    private FaultMember(HazelcastInstance hz, List<String> allBranches, List<String> mine) {
        this.hz = hz;
        this.allBranches = allBranches;
        this.mine = mine;
    }

    /** Prints one event line; the test parses it. */
    static synchronized void event(String kind, Object... keyValues) {
        StringBuilder sb = new StringBuilder("EVT ").append(kind).append(" t=").append(System.currentTimeMillis());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=')
                    .append(String.valueOf(keyValues[i + 1]).replace('\n', ' ').replace(' ', '_'));
        }
        System.out.println(sb);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String bind = args[1];
        List<String> peers = Arrays.asList(args[2].split(","));
        String cluster = args[3];
        int branches = Integer.parseInt(args[4]);
        String[] range = args[5].split("-");
        List<String> all = Topology.ids("b", branches);
        List<String> mine = all.subList(Integer.parseInt(range[0]), Integer.parseInt(range[1]) + 1);
        Config config = CutwatchMembers.loopback(cluster).bindTo(bind).partitionCount(11)
                .allowPackages("io.cutwatch.").config();
        config.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(peers);
        // One member per address, always on port 5701: a split-brain search that also tried the 19
        // ports above it on every peer would take minutes to find the other side after a heal.
        config.setProperty("hazelcast.tcp.join.port.try.count", "1");
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        FaultMember m = new FaultMember(hz, all, List.copyOf(mine));
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                event("MEMBERS", "size", e.getMembers().size(), "added", e.getMember().getUuid());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                event("MEMBERS", "size", e.getMembers().size(), "removed", e.getMember().getUuid());
            }
        });
        hz.getLifecycleService().addLifecycleListener(e -> event("LIFECYCLE", "state", e.getState(),
                "member", hz.getCluster().getLocalMember().getUuid()));
        event("READY", "name", name, "member", hz.getCluster().getLocalMember().getUuid(), "address",
                hz.getCluster().getLocalMember().getAddress(), "size", hz.getCluster().getMembers().size());
        m.open("bank-1", all);
        m.commands();
    }

    /** Opens namespace {@code ns} over {@code topologyIds} and starts this member's branches in it. */
    private void open(String ns, List<String> topologyIds) {
        Topology topology = Topology.complete(topologyIds);
        Cutwatch next = HazelcastCutwatch.on(hz, topology, HazelcastOptions.defaults(ns).withSeed(11));
        for (String b : mine) {
            if (!topologyIds.contains(b)) {
                continue;
            }
            next.process(b, new Branch(1_000))
                    .capture(Branch::copy)
                    .onStart((br, ctx) -> br.start(ctx, Map.of(), Duration.ofMillis(2), () -> true,
                            () -> true, () -> { }))
                    .onMessage((br, from, payload, ctx) -> br.receive((Transfer) payload))
                    .start();
        }
        cw = next;
        namespace = ns;
        event("HOSTED", "ns", ns, "branches", String.join(",", mine), "member",
                hz.getCluster().getLocalMember().getUuid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!topologyIds.stream().allMatch(p -> HazelcastCutwatch.backend(next).hostOf(p).isPresent())) {
            if (System.nanoTime() > deadline) {
                event("NOT_ALL_HOSTED", "ns", ns);
                return;
            }
            sleep(50);
        }
        event("ALL_HOSTED", "ns", ns);
    }

    private void commands() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "snapshots" -> startSnapshots(Duration.ofMillis(Long.parseLong(w[1])),
                            Long.parseLong(w[2]), Long.parseLong(w[3]));
                    case "stop-snapshots" -> stopSnapshots();
                    case "switch" -> {
                        Cutwatch old = cw;
                        old.close();
                        open(w[1], Arrays.asList(w[2].split(",")));
                    }
                    default -> event("UNKNOWN", "command", line);
                }
                event("DONE", "command", w[0]);
            } catch (RuntimeException e) {
                event("ERROR", "command", w[0], "error", e);
            }
        }
        System.exit(0);
    }

    private void startSnapshots(Duration timeout, long gapMillis, long expectedTotal) {
        stopSnapshots();
        snapshotting.set(true);
        Cutwatch on = cw;
        String ns = namespace;
        Thread t = new Thread(() -> {
            long seq = 0;
            while (snapshotting.get()) {
                seq++;
                snapshotOnce(on, ns, seq, timeout, expectedTotal);
                sleep(gapMillis);
            }
        }, "snapshots-" + ns);
        t.setDaemon(true);
        snapshotLoop = t;
        t.start();
    }

    private void stopSnapshots() {
        snapshotting.set(false);
        Thread t = snapshotLoop;
        if (t != null) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        snapshotLoop = null;
    }

    /** Takes one snapshot at a random initiator and reports its outcome, checked. */
    private void snapshotOnce(Cutwatch on, String ns, long seq, Duration timeout, long expectedTotal) {
        List<String> ids = on.topology().processes();
        String initiator = ids.get(random.nextInt(ids.size()));
        long begin = System.currentTimeMillis();
        try {
            GlobalSnapshot<BranchState> s = on.snapshots().<BranchState>initiate(initiator, timeout)
                    .get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            long balances = s.states().values().stream().mapToLong(BranchState::balance).sum();
            long inFlightMoney = s.channels().values().stream().flatMap(List::stream)
                    .mapToLong(m -> ((Transfer) m).amount()).sum();
            long sent = s.states().values().stream().mapToLong(BranchState::sent).sum();
            long received = s.states().values().stream().mapToLong(BranchState::received).sum();
            event("SNAP_OK", "ns", ns, "seq", seq, "id", s.id(), "begin", begin, "expected", expectedTotal,
                    "total", balances + inFlightMoney, "sent", sent, "received", received,
                    "inflight", s.inTransitCount(), "processes", s.processes().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SnapshotFailedException f) {
                SnapshotFailure why = f.failure();
                String hosts = why.processes().stream().sorted().map(p -> p + ":"
                        + HazelcastCutwatch.backend(on).hostOf(p).orElse("none")).collect(Collectors.joining(","));
                event("SNAP_FAIL", "ns", ns, "seq", seq, "id", f.snapshotId(), "begin", begin, "reason",
                        f.reason(), "member", why.member().orElse("-"), "processes",
                        why.processes().stream().sorted().collect(Collectors.joining(",")), "hosts", hosts,
                        "detail", why.detail());
            } else {
                event("SNAP_ERROR", "ns", ns, "seq", seq, "begin", begin, "error", e.getCause());
            }
        } catch (Exception e) {
            event("SNAP_ERROR", "ns", ns, "seq", seq, "begin", begin, "error", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
