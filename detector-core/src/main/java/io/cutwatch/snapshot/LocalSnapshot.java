package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process's part of a snapshot: its recorded state, the recorded state of each incoming
 * channel (application payloads in arrival order) and its vector clock at the recording point
 * (the cut's frontier at this process). Immutable once built by the engine.
 *
 * @param <S> the type the application's state capture returns
 */
public record LocalSnapshot<S>(long snapshotId, String processId, S state,
                               Map<ChannelId, List<Object>> channels, VectorClock frontier) {
    public LocalSnapshot {
        Objects.requireNonNull(processId, "processId");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(frontier, "frontier");
        channels = Map.copyOf(channels);
        for (Map.Entry<ChannelId, List<Object>> e : channels.entrySet()) {
            if (!e.getKey().to().equals(processId)) {
                throw new IllegalArgumentException("local snapshot of " + processId
                        + " records channel " + e.getKey() + " which does not end at it");
            }
        }
    }
}
