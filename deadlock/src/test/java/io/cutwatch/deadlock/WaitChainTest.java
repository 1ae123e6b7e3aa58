package io.cutwatch.deadlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.cutwatch.deadlock.SnapshotWaitsTest.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code waitChain}: why a transaction waits, on hand-built snapshots of the process-level adapter. */
class WaitChainTest {
    final DeadlockDetector<SnapshotWaitsTest.Waiting> detector =
            new DeadlockDetector<>(new SnapshotWaitsTest.ProcessAdapter());

    static SnapshotWaitsTest.Waiting on(String... ps) {
        return new SnapshotWaitsTest.Waiting(Set.of(ps));
    }

    @Test
    void aChainThroughAReplyInTransitEndsWhereTheReplyEndsTheWait() {
        // a waits for b (recorded at a); b recorded waiting for c, but c's reply to b is in transit:
        // at the cut b is not waiting any more, so a's chain ends at b, and the reply is named.
        GlobalSnapshot<Object> s = snapshot(Map.of("a", on("b"), "b", on("c"), "c", on()),
                Map.of(ChannelId.of("c", "b"), List.of(new SnapshotWaitsTest.Reply("reply"))));
        WaitChain chain = detector.waitChain(s, "a");
        assertEquals(WaitChain.Ending.REACHES_RUNNING, chain.ending(), chain.describe());
        assertEquals(List.of(new WaitForEdge("a", "b", "reply")), chain.links().stream().map(WaitChain.Link::edge).toList());
        assertEquals("b", chain.last());
        assertEquals(Optional.of("a"), chain.links().get(0).recordedAt());
        assertEquals(1, chain.inTransit().size(), chain.describe());
        assertEquals(ChannelId.of("c", "b"), chain.inTransit().get(0).channel());
        assertTrue(chain.describe().contains("taken into account"), chain.describe());
    }

    @Test
    void aChainIntoADeadlockNamesItsMembersAndAWaitAddedInTransitIsMarked() {
        // b <-> c deadlock (c's wait for b is added by a request in transit); a waits for b.
        GlobalSnapshot<Object> s = snapshot(Map.of("a", on("b"), "b", on("c"), "c", on()),
                Map.of(ChannelId.of("c", "b"), List.of(new SnapshotWaitsTest.Ask("reply"))));
        WaitChain chain = detector.waitChain(s, "a");
        assertEquals(WaitChain.Ending.ENTERS_DEADLOCK, chain.ending(), chain.describe());
        assertEquals(List.of("b", "c"), chain.deadlockMembers().stream().sorted().toList());
        WaitChain member = detector.waitChain(s, "c");
        assertEquals(WaitChain.Ending.ENTERS_DEADLOCK, member.ending());
        assertEquals(List.of(new WaitForEdge("c", "b", "reply"), new WaitForEdge("b", "c", "reply")),
                member.links().stream().map(WaitChain.Link::edge).toList(), member.describe());
        WaitChain.Link added = member.links().get(0);
        assertEquals(Optional.empty(), added.recordedAt());
        assertEquals(Optional.of(ChannelId.of("c", "b")), added.requestInTransitOn());
        assertTrue(member.toDot().contains("\"c\" -> \"b\" [label=\"reply\", style=dashed]"), member.toDot());
    }

    @Test
    void aTransactionThatWaitsForNothingSaysSoAndTheJsonCarriesTheChain() throws Exception {
        GlobalSnapshot<Object> s = snapshot(Map.of("a", on("b"), "b", on(), "c", on()), Map.of());
        assertEquals(WaitChain.Ending.NOT_WAITING, detector.waitChain(s, "c").ending());
        JsonNode json = new ObjectMapper().readTree(detector.waitChain(s, "a").toJson());
        assertEquals("REACHES_RUNNING", json.get("ending").asText());
        assertEquals("b", json.get("links").get(0).get("holder").asText());
        assertEquals("a", json.get("links").get(0).get("recordedAt").asText());
        assertEquals(1, json.get("snapshot").asLong());
    }
}
