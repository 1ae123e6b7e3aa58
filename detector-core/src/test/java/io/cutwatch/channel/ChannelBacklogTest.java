package io.cutwatch.channel;

import io.cutwatch.model.ChannelId;
import io.cutwatch.snapshot.SnapshotProgress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelBacklogTest {
    static final ChannelId BC = ChannelId.of("b", "c");
    static final ChannelId AC = ChannelId.of("a", "c");

    @Test
    void theTwoSidesOfAChannelAddUpAndOnlyTheSameChannelAdds() {
        ChannelBacklog sender = new ChannelBacklog(BC, 3, 7, 0);
        ChannelBacklog receiver = new ChannelBacklog(BC, 0, 0, 5);
        assertEquals(new ChannelBacklog(BC, 3, 7, 5), sender.plus(receiver));
        assertThrows(IllegalArgumentException.class, () -> sender.plus(new ChannelBacklog(AC, 0, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new ChannelBacklog(BC, -1, 0, 0));
    }

    @Test
    void onlyEnvelopesWaitingAtAnEndHoldAMarkerBack() {
        assertFalse(new ChannelBacklog(BC, 0, 4, 0).holdsBack(), "batched acknowledgements lag on a healthy channel");
        assertFalse(new ChannelBacklog(BC, 0, 4, 0).isEmpty());
        assertTrue(new ChannelBacklog(BC, 1, 0, 0).holdsBack());
        assertTrue(new ChannelBacklog(BC, 0, 0, 1).holdsBack());
        assertTrue(new ChannelBacklog(BC, 0, 0, 0).isEmpty());
    }

    @Test
    void progressNamesTheChannelsThatHoldBackAndNoOthers() {
        SnapshotProgress p = new SnapshotProgress(7, Set.of("a", "b"), Set.of("c"), Map.of("c", Set.of(BC)),
                Map.of(BC, new ChannelBacklog(BC, 0, 5, 4), AC, new ChannelBacklog(AC, 0, 2, 0)));
        assertEquals("snapshot 7: 2 of 3 recorded; c awaits markers on [b->c]; b->c: 0 queued at the sender, "
                + "5 items unacknowledged, 4 items unprocessed by c", p.describe());
    }
}
