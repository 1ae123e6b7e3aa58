package io.cutwatch.snapshot;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.Topology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The calls of the README's "engine on its own" snippet, written as there (a message delivered
 * before the closing marker, so that it is recorded), over stand-ins for a transport and a collector.
 */
class ReadmeEngineSnippetTest {
    record State(List<String> log) {
        State copy() {
            return new State(List.copyOf(log));
        }
    }

    final List<ChannelId> markersSent = new ArrayList<>();
    final List<LocalSnapshot<State>> published = new ArrayList<>();
    final List<SnapshotFailure> failed = new ArrayList<>();

    @Test
    void theSnippetCompilesAndDoesWhatItSays() {
        Topology topology = Topology.complete("p", "q");
        List<ChannelId> inboundChannels = topology.inbound("p");
        List<ChannelId> outboundChannels = topology.outbound("p");
        State state = new State(List.of("s0"));
        long snapshotId = 1;
        VectorClock clock = VectorClock.zero(2);
        ChannelId channel = ChannelId.of("q", "p");
        Object payload = "m";
        var myTransport = new Object() {
            void sendMarker(ChannelId ch, long id) {
                markersSent.add(ch);
            }
        };
        var myCollector = new Object() {
            void publish(LocalSnapshot<State> local) {
                published.add(local);
            }

            void fail(SnapshotFailure failure) {
                failed.add(failure);
            }
        };

        ChandyLamport<State> engine = new ChandyLamport<>("p", inboundChannels, outboundChannels);
        Effects<State> fx = engine.initiate(snapshotId, state::copy, clock);   // snapshot starts here
        fx.markersToSend().forEach(ch -> myTransport.sendMarker(ch, snapshotId));

        engine.onMessage(channel, payload);      // an application message arrived (before handling it)
        fx = engine.onMarker(channel, snapshotId, state::copy, clock);          // a marker arrived
        fx.completed().ifPresent(local -> myCollector.publish(local));           // LocalSnapshot<State>
        fx.failure().ifPresent(failure -> myCollector.fail(failure));            // e.g. the state capture threw
        engine.status(snapshotId);         // UNKNOWN, RECORDING, COMPLETED, FAILED or FORGOTTEN, at any time

        assertEquals(List.of(ChannelId.of("p", "q")), markersSent);
        assertEquals(1, published.size());
        assertEquals(List.of(), failed);
        assertEquals(List.of("s0"), published.get(0).state().log());
        assertEquals(List.of("m"), published.get(0).channels().get(channel));
        assertEquals(SnapshotStatus.COMPLETED, engine.status(snapshotId));
    }
}
