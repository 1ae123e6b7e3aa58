package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.process.ProcessStats;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.hazelcast.SequenceCheck.Numbered;
import io.cutwatch.hazelcast.allowed.AllowedValue;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channels over ringbuffers between 3 real members: order, no loss, back-pressure, foreign input. */
class ChannelTest {
    static final int MESSAGES = Integer.getInteger("cutwatch.channel.messages", 1_000_000);
    static List<HazelcastInstance> members;
    static int namespaces;

    @BeforeAll
    static void startMembers() {
        members = CutwatchMembers.loopback(CutwatchMembers.uniqueClusterName("cw-chan")).partitionCount(11)
                .allowPackages("io.cutwatch.hazelcast.allowed.").start(3);
    }

    @AfterAll
    static void stopMembers() {
        CutwatchMembers.terminate(members);
    }

    static String namespace(String what) {
        return what + "-" + (++namespaces) + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * One Cutwatch per member; process i of the topology runs on member i % 3. A process's state
     * is {@code long[2n]}: the last number it sent to process j at {@code [j]}, the last number
     * it received from process j at {@code [n + j]}; the check also counts every arrival.
     */
    static List<Cutwatch> start(Topology topology, HazelcastOptions options, SequenceCheck check) {
        List<Cutwatch> cws = new ArrayList<>();
        for (HazelcastInstance m : members) {
            cws.add(HazelcastCutwatch.on(m, topology, options));
        }
        int n = topology.size();
        for (int i = 0; i < n; i++) {
            cws.get(i % 3).process(topology.process(i), new long[2 * n])
                    .capture(long[]::clone)
                    .onMessage((s, from, payload, ctx) -> {
                        long k = ((Numbered) payload).n();
                        s[n + ctx.topology().indexOf(from)] = k;
                        check.arrived(from, ctx.self(), k);
                    })
                    .start();
        }
        return cws;
    }

    /** Sends the next {@code count} numbers on {@code from -> to}, recording them in the sender's state. */
    static void sendCounted(Cutwatch cw, String from, String to, long count) {
        cw.<long[]>process(from).tell((s, ctx) -> {
            int j = ctx.topology().indexOf(to);
            for (long k = 0; k < count; k++) {
                ctx.send(to, new Numbered(++s[j]));
            }
        });
    }

    static void sendNumbered(Cutwatch cw, String from, String to, long count) {
        cw.<long[]>process(from).tell((s, ctx) -> {
            for (long n = 1; n <= count; n++) {
                ctx.send(to, new Numbered(n));
            }
        });
    }

    @Test
    void everyMessageArrivesOnceAndInOrderAcrossFourProcessesOnThreeMembers() throws Exception {
        long seed = TestMembers.seed("ChannelTest");
        java.util.Random rnd = new java.util.Random(seed);
        Topology topology = Topology.complete(Topology.ids("p", 4));
        int n = topology.size();
        SequenceCheck check = new SequenceCheck();
        List<Cutwatch> cws = start(topology, HazelcastOptions.defaults(namespace("million")).withThreads(2), check);
        try {
            int chunk = 1_000;
            long perChannel = (MESSAGES / topology.channels().size() + chunk - 1) / chunk * chunk;
            long total = perChannel * topology.channels().size();
            long t0 = System.nanoTime();
            for (long sent = 0; sent < perChannel; sent += chunk) {
                for (ChannelId c : topology.channels()) {
                    sendCounted(cws.get(topology.indexOf(c.from()) % 3), c.from(), c.to(), chunk);
                }
            }
            // Snapshots taken while the channels are full: each must account for every message.
            int snapshots = 0;
            long recordedInTransit = 0;
            while (check.inOrder() + check.duplicatedOrReordered() < total / 2 && snapshots < 5) {
                GlobalSnapshot<long[]> snap = cws.get(rnd.nextInt(3)).snapshots()
                        .<long[]>initiate(topology.process(rnd.nextInt(n))).get(60, TimeUnit.SECONDS);
                for (ChannelId c : topology.channels()) {
                    long sentThere = snap.state(c.from())[topology.indexOf(c.to())];
                    long receivedThere = snap.state(c.to())[n + topology.indexOf(c.from())];
                    List<Object> inTransit = snap.channel(c.from(), c.to());
                    assertEquals(sentThere - receivedThere, inTransit.size(), "seed " + seed + ", snapshot " + snap.id()
                            + ": " + c + " sent " + sentThere + ", received " + receivedThere);
                    for (int k = 0; k < inTransit.size(); k++) {
                        assertEquals(receivedThere + 1 + k, ((Numbered) inTransit.get(k)).n(), "seed " + seed
                                + ", snapshot " + snap.id() + ": message " + k + " in transit on " + c);
                    }
                    recordedInTransit += inTransit.size();
                }
                snapshots++;
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> check.inOrder() + check.duplicatedOrReordered() >= total);
            long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(total, check.inOrder(), check.toString());
            assertEquals(0, check.lost(), check.toString());
            assertEquals(0, check.duplicatedOrReordered(), check.toString());
            for (ChannelId c : topology.channels()) {
                assertEquals(perChannel, check.last(c.from(), c.to()), "last number on " + c);
            }
            assertNoFaults(topology, cws);
            assertTrue(snapshots > 0, "seed " + seed + ": no snapshot was taken while the messages flowed");
            System.out.printf("%d messages on %d channels across 3 members in %d ms (%d msg/s), 0 lost, 0 duplicated,"
                    + " 0 reordered; %d snapshots mid-stream recorded %d messages in transit (seed %d)%n", total,
                    topology.channels().size(), ms, total * 1000 / ms, snapshots, recordedInTransit, seed);
        } finally {
            cws.forEach(Cutwatch::close);
        }
    }

    @Test
    void aStalledReceiverHoldsItsSenderBackAndLosesNothing() throws Exception {
        Topology topology = Topology.complete("a", "b");
        HazelcastOptions options = HazelcastOptions.defaults(namespace("stall")).withThreads(2).withChannels(8, 16);
        int window = 8 * 16;
        int count = 20 * window;
        CountDownLatch gate = new CountDownLatch(1);
        SequenceCheck check = new SequenceCheck();
        List<Cutwatch> cws = new ArrayList<>();
        cws.add(HazelcastCutwatch.on(members.get(0), topology, options));
        cws.add(HazelcastCutwatch.on(members.get(1), topology, options));
        try {
            startGatedPair(cws, gate, check);
            HazelcastBackend sender = HazelcastCutwatch.backend(cws.get(0));
            ChannelId ab = ChannelId.of("a", "b");
            Ringbuffer<Object> rb = members.get(2).getRingbuffer(sender.channelName(ab));
            sendNumbered(cws.get(0), "a", "b", count);

            // While b is stalled the sender fills the window and then holds the rest back; for
            // seconds nothing unread is overwritten and the backlog stays with the sender.
            await().atMost(Duration.ofSeconds(20)).until(() -> stats(sender, ab).windowStalls() > 0);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
                ChannelStats s = stats(sender, ab);
                return s.backlog() > 0 && s.lastPublished() - s.acknowledged() <= 8
                        && rb.headSequence() <= s.acknowledged() + 1 && check.inOrder() == 0;
            });
            ChannelStats held = stats(sender, ab);
            assertTrue(held.backlog() >= count - 2L * window, "sender was not held back: " + held);

            gate.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> check.inOrder() + check.duplicatedOrReordered() >= count);
            assertEquals(count, check.inOrder(), check.toString());
            assertEquals(0, check.lost() + check.duplicatedOrReordered(), check.toString());
            ChannelStats after = stats(sender, ab);
            assertEquals(0, after.backlog(), after.toString());
            assertTrue(after.maxBacklog() > window, after.toString());
            assertNoFaults(topology, cws);
        } finally {
            gate.countDown();
            cws.forEach(Cutwatch::close);
        }
    }

    @Test
    void beyondTheBacklogLimitTheSendersLocalActionsWaitButNothingIsLost() throws Exception {
        Topology topology = Topology.complete("a", "b");
        int limit = 256;
        int chunks = 200;
        int chunk = 64;
        HazelcastOptions options = HazelcastOptions.defaults(namespace("held")).withThreads(2).withChannels(8, 16)
                .withMaxBacklog(limit);
        CountDownLatch gate = new CountDownLatch(1);
        SequenceCheck check = new SequenceCheck();
        java.util.concurrent.atomic.AtomicInteger ranChunks = new java.util.concurrent.atomic.AtomicInteger();
        List<Cutwatch> cws = new ArrayList<>();
        cws.add(HazelcastCutwatch.on(members.get(0), topology, options));
        cws.add(HazelcastCutwatch.on(members.get(1), topology, options));
        try {
            startGatedPair(cws, gate, check);
            HazelcastBackend sender = HazelcastCutwatch.backend(cws.get(0));
            ChannelId ab = ChannelId.of("a", "b");
            long[] next = {1};
            for (int k = 0; k < chunks; k++) {
                cws.get(0).<long[]>process("a").tell((s, ctx) -> {
                    ranChunks.incrementAndGet();
                    for (int i = 0; i < chunk; i++) {
                        ctx.send("b", new Numbered(next[0]++));
                    }
                });
            }
            // b is stalled: a's backlog reaches the limit, then a's local actions wait.
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.heldBack("a"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    sender.heldBack("a") && sender.heldTasks("a") > 0
                            && stats(sender, ab).backlog() <= limit + chunk && ranChunks.get() < chunks);

            gate.countDown();
            long total = (long) chunks * chunk;
            await().atMost(Duration.ofSeconds(60)).until(() -> check.inOrder() + check.duplicatedOrReordered() >= total);
            assertEquals(total, check.inOrder(), check.toString());
            assertEquals(0, check.lost() + check.duplicatedOrReordered(), check.toString());
            assertEquals(chunks, ranChunks.get());
            assertTrue(stats(sender, ab).maxBacklog() <= limit + chunk, stats(sender, ab).toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> !sender.heldBack("a"));
            assertNoFaults(topology, cws);
        } finally {
            gate.countDown();
            cws.forEach(Cutwatch::close);
        }
    }

    @Test
    void foreignAndMalformedItemsOnAChannelAreRejectedAndTheProcessKeepsGoing() {
        Topology topology = Topology.complete("a", "b");
        HazelcastOptions options = HazelcastOptions.defaults(namespace("foreign")).withThreads(2);
        SequenceCheck check = new SequenceCheck();
        List<Cutwatch> cws = new ArrayList<>();
        cws.add(HazelcastCutwatch.on(members.get(0), topology, options));
        cws.add(HazelcastCutwatch.on(members.get(1), topology, options));
        try {
            cws.get(0).process("a", new long[1]).capture(long[]::clone)
                    .onMessage((s, from, p, ctx) -> check.arrived(from, "a", ((Numbered) p).n())).start();
            cws.get(1).process("b", new long[1]).capture(long[]::clone)
                    .onMessage((s, from, p, ctx) -> check.arrived(from, "b", ((Numbered) p).n())).start();
            HazelcastBackend receiver = HazelcastCutwatch.backend(cws.get(1));
            ChannelId ab = ChannelId.of("a", "b");
            // A third member, which hosts no process, writes to the channel a->b.
            Ringbuffer<Object> rb = members.get(2).getRingbuffer(receiver.channelName(ab));
            sendNumbered(cws.get(0), "a", "b", 100);
            rb.add("not an envelope batch");
            rb.add(new WireBatch("b", "a", new long[] {1}, new long[] {-1}, new long[] {1, 0}, new int[] {0},
                    new byte[0]));
            // Malformed (two seqs, one of everything else): rejected before any sequence check.
            // Well-formed gaps, duplicates and reorders are in ChannelFaultTest.
            rb.add(new WireBatch("a", "b", new long[] {101, 102}, new long[] {-1}, new long[] {1, 0}, new int[] {0},
                    new byte[0]));
            rb.add(new Gadget("calc.exe"));
            sendNumbered(cws.get(0), "a", "b", 100);

            await().atMost(Duration.ofSeconds(20)).until(() -> stats(receiver, ab).rejected() >= 4
                    && check.inOrder() + check.duplicatedOrReordered() >= 200);
            assertEquals(4, stats(receiver, ab).rejected(), stats(receiver, ab).toString());
            assertEquals(0, Gadget.DESERIALIZED.get(), "the gadget was instantiated on the receiving member");
            // The second run restarts numbering at 1: seen as 100 reordered (n <= last), not lost.
            assertEquals(100, check.inOrder(), check.toString());
            assertEquals(100, check.duplicatedOrReordered(), check.toString());
            assertEquals(0, check.lost(), check.toString());
            ProcessStats b = cws.get(1).process("b").stats();
            assertEquals(200, b.messagesReceived(), b.toString());
            assertEquals(0, b.channelFaults(), b.toString());
        } finally {
            cws.forEach(Cutwatch::close);
        }
    }

    @Test
    void aProcessHostedOnOneLiveMemberCannotStartOnAnother() {
        Topology topology = Topology.complete("a", "b");
        HazelcastOptions options = HazelcastOptions.defaults(namespace("twice")).withThreads(2);
        Cutwatch first = HazelcastCutwatch.on(members.get(0), topology, options);
        Cutwatch second = HazelcastCutwatch.on(members.get(1), topology, options);
        try {
            first.process("a", new long[1]).capture(long[]::clone).start();
            ProcessAlreadyHostedException e = assertThrows(ProcessAlreadyHostedException.class,
                    () -> second.process("a", new long[1]).capture(long[]::clone).start());
            String host = members.get(0).getCluster().getLocalMember().getUuid().toString();
            assertTrue(e.getMessage().contains("process a") && e.getMessage().contains(host), e.getMessage());
            assertEquals(java.util.Optional.of(host), HazelcastCutwatch.backend(second).hostOf("a"));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void javaSerializedObjectsOutsideTheAllowListAreRefused() {
        IMap<String, Object> from = members.get(0).getMap(namespace("filter"));
        IMap<String, Object> to = members.get(1).getMap(from.getName());
        from.put("allowed", new AllowedValue("fine"));
        from.put("gadget", new Gadget("rm -rf"));
        assertEquals(new AllowedValue("fine"), to.get("allowed"));
        RuntimeException refused = assertThrows(RuntimeException.class, () -> to.get("gadget"));
        assertTrue(causeChain(refused).contains("is not allowed"), causeChain(refused));
        assertEquals(0, Gadget.DESERIALIZED.get(), "the gadget was instantiated");
    }

    static ChannelStats stats(HazelcastBackend b, ChannelId c) {
        return b.channelStats().stream().filter(s -> s.channel().equals(c)).findFirst()
                .orElseThrow(() -> new AssertionError("no stats for " + c));
    }

    static void assertNoFaults(Topology topology, List<Cutwatch> cws) {
        for (int i = 0; i < topology.size(); i++) {
            Process<long[]> p = cws.get(i % cws.size()).process(topology.process(i));
            ProcessStats st = p.stats();
            assertEquals(0, st.channelFaults() + st.rejected() + st.handlerFailures(), st.toString());
        }
        for (Cutwatch cw : cws) {
            for (ChannelStats c : HazelcastCutwatch.backend(cw).channelStats()) {
                assertEquals(0, c.rejected() + c.lostItems(), c.toString());
            }
        }
    }

    static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }

    /** Starts a on member 0 and b on member 1; b handles nothing until {@code gate} opens. */
    private static void startGatedPair(List<Cutwatch> cws, CountDownLatch gate, SequenceCheck check) {
        cws.get(0).process("a", new long[1]).capture(long[]::clone)
                .onMessage((s, from, p, ctx) -> check.arrived(from, "a", ((Numbered) p).n())).start();
        cws.get(1).process("b", new long[1]).capture(long[]::clone)
                .onMessage((s, from, p, ctx) -> {
                    try {
                        if (!gate.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    check.arrived(from, "b", ((Numbered) p).n());
                }).start();
    }

}
