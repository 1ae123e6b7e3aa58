package io.cutwatch.hazelcast;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import io.cutwatch.runtime.HostedProgress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress question and answer on the control topic: what goes in comes out, and a malformed answer is refused. */
class ProgressAnswerTest {
    static final Topology T = Topology.complete("a", "b", "c");

    @Test
    void anAnswerCarriesItsProgressExactly() {
        HostedProgress p = new HostedProgress("m2", Map.of("c", Set.of(ChannelId.of("a", "c"), ChannelId.of("b", "c")),
                "b", Set.of()), Map.of(ChannelId.of("a", "c"), new ChannelBacklog(ChannelId.of("a", "c"), 1, 2, 3)));
        ProgressAnswer a = ProgressAnswer.of(9, "m0", p, "m2");
        assertEquals(p, a.toProgress(T));
        ProgressQuery q = ProgressQuery.of(9, 5, Set.of("b", "c"), Set.of(ChannelId.of("a", "c")), "m0");
        assertEquals(Set.of("b", "c"), q.processesIn(T));
        assertEquals(Set.of(ChannelId.of("a", "c")), q.channelsIn(T));
    }

    @Test
    void malformedAnswersAndQueriesAreRefusedNamingWhatIsWrong() {
        long[] one = {1};
        String[] none = {};
        MalformedWireException outside = assertThrows(MalformedWireException.class, () -> new ProgressAnswer(1, "m0",
                new String[] {"c"}, new int[] {1}, new String[] {"z"}, none, none, new long[0], new long[0], new long[0],
                "m2").toProgress(T));
        assertTrue(outside.getMessage().contains("z->c"), outside.getMessage());
        assertThrows(MalformedWireException.class, () -> new ProgressAnswer(1, "m0", new String[] {"c"},
                new int[] {2}, new String[] {"a"}, none, none, new long[0], new long[0], new long[0], "m2")
                .toProgress(T), "more channels counted than carried");
        assertThrows(MalformedWireException.class, () -> new ProgressAnswer(1, "m0", none, new int[0], none,
                new String[] {"a"}, new String[] {"b"}, new long[] {-1}, one, one, "m2").toProgress(T));
        assertThrows(MalformedWireException.class, () -> new ProgressAnswer(1, "m0", none, new int[0], none,
                new String[] {"a"}, new String[] {"b"}, one, one, null, "m2").toProgress(T));
        assertThrows(MalformedWireException.class, () -> new ProgressQuery(1, 5, new String[] {"x"}, none, none, "m0")
                .processesIn(T));
        assertThrows(MalformedWireException.class, () -> new ProgressQuery(1, 5, none, new String[] {"a"}, none, "m0")
                .channelsIn(T));
    }
}
