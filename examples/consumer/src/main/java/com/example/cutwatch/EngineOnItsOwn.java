package com.example.cutwatch;

import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.snapshot.ChandyLamport;
import io.cutwatch.snapshot.Effects;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

import java.util.Collection;

/**
 * README.md, "The engine on its own": the snapshot engine driven by a transport of your own. The
 * names the snippet takes as given (the channels, the state, the transport, ...) are declared here.
 */
public final class EngineOnItsOwn {
    /** The application state of process "p"; a snapshot records a copy. */
    public interface State {
        State copy();
    }

    /** Your FIFO reliable transport. */
    public interface Transport {
        void sendMarker(ChannelId channel, long snapshotId);
    }

    /** Where your local snapshots go to be assembled. */
    public interface Collector {
        void publish(LocalSnapshot<State> local);

        void fail(SnapshotFailure failure);
    }

    private EngineOnItsOwn() {
    }

    static void drive(Collection<ChannelId> inboundChannels, Collection<ChannelId> outboundChannels,
                      State state, VectorClock clock, long snapshotId, ChannelId channel, Object payload,
                      Transport myTransport, Collector myCollector) {
        // README.md snippet: The engine on its own
        ChandyLamport<State> engine = new ChandyLamport<>("p", inboundChannels, outboundChannels);
        Effects<State> fx = engine.initiate(snapshotId, state::copy, clock);   // snapshot starts here
        fx.markersToSend().forEach(ch -> myTransport.sendMarker(ch, snapshotId));

        fx = engine.onMarker(channel, snapshotId, state::copy, clock);          // a marker arrived
        engine.onMessage(channel, payload);      // an application message arrived (before handling it)
        fx.completed().ifPresent(local -> myCollector.publish(local));           // LocalSnapshot<State>
        fx.failure().ifPresent(failure -> myCollector.fail(failure));            // e.g. the state capture threw
        engine.status(snapshotId);         // UNKNOWN, RECORDING, COMPLETED, FAILED or FORGOTTEN, at any time
        // end of README.md snippet
    }
}
