package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;

import java.util.List;
import java.util.Optional;

/**
 * What the caller of {@link ChandyLamport} must do after one input: send a marker for
 * {@link #snapshotId()} on each channel of {@link #markersToSend()} (in that order, before any
 * later application message on those channels), and publish the completed local snapshot or the
 * failure, if present.
 */
public record Effects<S>(long snapshotId, List<ChannelId> markersToSend,
                         Optional<LocalSnapshot<S>> completed, Optional<SnapshotFailure> failure) {
    public Effects {
        markersToSend = List.copyOf(markersToSend);
    }

    static <S> Effects<S> none(long snapshotId) {
        return new Effects<>(snapshotId, List.of(), Optional.empty(), Optional.empty());
    }
}
