package io.cutwatch.bank;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.LocalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank tests lean on {@link ConservationDetector}'s verdict; here it is shown to give both
 * answers on hand-made snapshots: a conserving one (money in flight counted), the same with one
 * balance changed, and the same with one in-flight transfer dropped from its channel.
 */
class ConservationDetectorTest {
    static final Topology BANK = Topology.complete("a", "b", "c");
    static final long TOTAL = 300;

    /** a: 100, b: 70 with 30 in flight from a to b in two transfers (10 + 20), c: 100. */
    static Map<String, BranchState> balances() {
        Map<String, BranchState> m = new HashMap<>();
        m.put("a", new BranchState(70, 2, 0));
        m.put("b", new BranchState(100, 0, 0));
        m.put("c", new BranchState(100, 0, 0));
        return m;
    }

    static Map<ChannelId, List<Object>> inFlight() {
        Map<ChannelId, List<Object>> m = new HashMap<>();
        for (ChannelId c : BANK.channels()) {
            m.put(c, List.of());
        }
        m.put(ChannelId.of("a", "b"), List.of(new Transfer(1, 10), new Transfer(2, 20)));
        return m;
    }

    static GlobalSnapshot<BranchState> snapshot(Map<String, BranchState> states, Map<ChannelId, List<Object>> channels) {
        List<LocalSnapshot<BranchState>> pieces = new ArrayList<>();
        for (String p : BANK.processes()) {
            Map<ChannelId, List<Object>> in = new HashMap<>();
            for (ChannelId c : BANK.channels()) {
                if (c.to().equals(p)) {
                    in.put(c, channels.get(c));
                }
            }
            pieces.add(new LocalSnapshot<>(7, p, states.get(p), in, VectorClock.zero(BANK.size())));
        }
        return GlobalSnapshot.assemble(7, BANK, pieces);
    }

    @Test
    void aConservingSnapshotCountsTheMoneyInFlight() {
        ConservationResult r = new ConservationDetector(TOTAL).detect(snapshot(balances(), inFlight()));
        assertFalse(r.found(), r.summary());
        assertEquals(TOTAL, r.actual());
        assertEquals(Map.of(ChannelId.of("a", "b").toString(), 30L), r.inFlight());
    }

    @Test
    void oneBalanceChangedIsAViolation() {
        Map<String, BranchState> states = balances();
        states.put("c", new BranchState(101, 0, 0));
        ConservationResult r = new ConservationDetector(TOTAL).detect(snapshot(states, inFlight()));
        assertTrue(r.found(), "a balance off by one was reported conserved: " + r.summary());
        assertEquals(TOTAL + 1, r.actual());
        assertTrue(r.summary().contains("VIOLATED"), r.summary());
    }

    @Test
    void oneTransferDroppedFromAChannelIsAViolation() {
        Map<ChannelId, List<Object>> channels = inFlight();
        channels.put(ChannelId.of("a", "b"), List.of(new Transfer(2, 20)));
        ConservationResult r = new ConservationDetector(TOTAL).detect(snapshot(balances(), channels));
        assertTrue(r.found(), "a lost transfer was reported conserved: " + r.summary());
        assertEquals(TOTAL - 10, r.actual());
    }
}
