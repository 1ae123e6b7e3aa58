package io.cutwatch.detect;

import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.GlobalSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter pattern: typed views of recorded states and in-transit messages, errors with their location. */
class SnapshotReaderTest {
    record Account(String owner, long balance) {
    }

    record Transfer(long amount) {
    }

    /** b records first; a's start-up transfers and a note to b are then in transit across the cut. */
    static GlobalSnapshot<?> snapshotWithMessagesInTransit() {
        Cutwatch cw = Cutwatch.simulated(Topology.complete("a", "b"), 9);
        cw.process("a", new Account("ann", 100)).capture(x -> x)
                .onStart((s, ctx) -> {
                    ctx.send("b", new Transfer(5));
                    ctx.send("b", "note");
                    ctx.send("b", new Transfer(7));
                }).start();
        cw.process("b", new Account("bob", 50)).capture(x -> x).onMessage((s, f, p, ctx) -> { }).start();
        GlobalSnapshot<?> s = cw.simulation().await(cw.snapshots().initiate("b"));
        assertEquals(3, s.channel("a", "b").size(), "test setup: messages must be in transit");
        return s;
    }

    @Test
    void readsTypedViewsOfStatesAndOfTheMessagesItCaresAbout() {
        GlobalSnapshot<?> s = snapshotWithMessagesInTransit();
        SnapshotReader<Long, Long> reader = SnapshotReader.of(Account.class, StateView.of(Account::balance),
                MessageView.ofType(Transfer.class, Transfer::amount));
        SnapshotView<Long, Long> v = reader.read(s);
        assertEquals(Map.of("a", 100L, "b", 50L), v.states());
        assertEquals(List.of(new InTransit<>(ChannelId.of("a", "b"), 0, 5L),
                new InTransit<>(ChannelId.of("a", "b"), 2, 7L)), v.inTransit());
        assertEquals(s.id(), v.snapshotId());
        assertEquals(100L, v.state("a"));
    }

    @Test
    void aStateOfTheWrongTypeIsReportedWithSnapshotProcessAndTypes() {
        GlobalSnapshot<?> s = snapshotWithMessagesInTransit();
        SnapshotReader<String, Object> reader = SnapshotReader.of(String.class, StateView.of(x -> x),
                MessageView.none());
        StateViewException e = assertThrows(StateViewException.class, () -> reader.read(s));
        assertEquals("process a", e.where());
        assertEquals(s.id(), e.snapshotId());
        assertTrue(e.getMessage().contains(Account.class.getName()) && e.getMessage().contains("java.lang.String"),
                e.getMessage());
    }

    @Test
    void aThrowingOrNullAdapterIsReportedWithItsLocation() {
        GlobalSnapshot<?> s = snapshotWithMessagesInTransit();
        StateViewException e = assertThrows(StateViewException.class, () -> SnapshotReader.of(Account.class,
                StateView.<Account, Long>of(a -> a.owner().equals("bob") ? null : 1L), MessageView.none()).read(s));
        assertEquals("process b", e.where());
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());

        e = assertThrows(StateViewException.class, () -> SnapshotReader.of(Account.class,
                StateView.of(Account::balance), (ch, p) -> ((Transfer) p).amount()).read(s));
        assertEquals("channel a->b, message 1", e.where());
        assertTrue(e.getMessage().contains("ClassCastException") && e.getMessage().contains("java.lang.String"),
                e.getMessage());
    }
}
