package io.cutwatch.sim;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oracle behind the property, scale and cluster snapshot tests must be able to say no:
 * {@link ExecutionLog#verify} accepts the snapshot a run really took and rejects the same
 * snapshot with one in-transit message dropped, or with one process's state changed.
 */
class ExecutionLogVerifyTest {
    static final long TOKENS = 1_000;

    /** A real run and one of its snapshots with at least one message in transit. */
    record Taken(ExecutionLog log, Topology topology, GlobalSnapshot<TokenApp.TokenState> snapshot) {
    }

    static Taken takeWithMessagesInTransit() {
        for (long seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            Topology topology = Topology.complete("a", "b", "c");
            Simulation sim = new Simulation(seed);
            ExecutionLog log = new ExecutionLog(topology);
            Cutwatch cw = Cutwatch.simulated(topology, sim).onEvent(log);
            TokenApp.start(cw, TOKENS, 30, Duration.ofMillis(2));
            List<CompletableFuture<GlobalSnapshot<TokenApp.TokenState>>> futures = new ArrayList<>();
            String initiator = topology.process(rnd.nextInt(topology.size()));
            sim.schedule(Duration.ofMillis(10 + rnd.nextInt(30)), () -> futures.add(cw.snapshots().initiate(initiator)));
            sim.runUntilQuiet();
            GlobalSnapshot<TokenApp.TokenState> s = futures.get(0).join();
            if (s.inTransitCount() > 0) {
                return new Taken(log, topology, s);
            }
        }
        throw new AssertionError("no seed in 1..200 gave a snapshot with a message in transit");
    }

    static List<String> verify(Taken t, GlobalSnapshot<TokenApp.TokenState> s) {
        return t.log().verify(s, (p, events) -> TokenApp.replay(TOKENS, events));
    }

    /** Rebuilds {@code s} through the assembler with its channel and state maps replaced. */
    static GlobalSnapshot<TokenApp.TokenState> rebuild(Taken t, Map<ChannelId, List<Object>> channels,
                                                       Map<String, TokenApp.TokenState> states) {
        GlobalSnapshot<TokenApp.TokenState> s = t.snapshot();
        List<LocalSnapshot<TokenApp.TokenState>> pieces = new ArrayList<>();
        for (String p : t.topology().processes()) {
            Map<ChannelId, List<Object>> in = new HashMap<>();
            for (ChannelId c : t.topology().channels()) {
                if (c.to().equals(p)) {
                    in.put(c, channels.get(c));
                }
            }
            pieces.add(new LocalSnapshot<>(s.id(), p, states.get(p), in, s.frontier().get(p)));
        }
        return GlobalSnapshot.assemble(s.id(), t.topology(), pieces);
    }

    @Test
    void acceptsTheSnapshotTheRunTookAndItsFaithfulCopy() {
        Taken t = takeWithMessagesInTransit();
        assertEquals(List.of(), verify(t, t.snapshot()));
        assertEquals(List.of(), verify(t, rebuild(t, t.snapshot().channels(), t.snapshot().states())));
    }

    @Test
    void rejectsASnapshotWithOneMessageDroppedFromAChannel() {
        Taken t = takeWithMessagesInTransit();
        Map<ChannelId, List<Object>> channels = new HashMap<>(t.snapshot().channels());
        ChannelId victim = null;
        for (Map.Entry<ChannelId, List<Object>> e : channels.entrySet()) {
            if (!e.getValue().isEmpty()) {
                victim = e.getKey();
                break;
            }
        }
        assertNotNull(victim);
        List<Object> shorter = new ArrayList<>(channels.get(victim));
        shorter.remove(0);
        channels.put(victim, shorter);

        List<String> problems = verify(t, rebuild(t, channels, t.snapshot().states()));
        assertFalse(problems.isEmpty(), "a dropped in-transit message went unnoticed");
        String named = victim.toString();
        assertTrue(problems.stream().anyMatch(m -> m.contains(named)), "no problem names " + named + ": " + problems);
    }

    @Test
    void rejectsASnapshotWithOneBalanceChanged() {
        Taken t = takeWithMessagesInTransit();
        Map<String, TokenApp.TokenState> states = new HashMap<>(t.snapshot().states());
        String p = t.topology().process(0);
        TokenApp.TokenState st = states.get(p);
        states.put(p, new TokenApp.TokenState(st.tokens() + 1, st.sent(), st.received(), st.digest()));

        List<String> problems = verify(t, rebuild(t, t.snapshot().channels(), states));
        assertFalse(problems.isEmpty(), "a changed balance went unnoticed");
        assertTrue(problems.stream().anyMatch(m -> m.startsWith(p + ":")), "no problem names " + p + ": " + problems);
    }
}
