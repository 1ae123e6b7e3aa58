package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelId;

import java.util.List;
import java.util.Optional;

/**
 * What the caller of {@link ChandyLamport} must do after one {@link ChandyLamport#initiate} or
 * {@link ChandyLamport#onMarker}: send a marker for {@link #snapshotId()} on each channel of
 * {@link #markersToSend()} (in that order, which is ascending {@link ChannelId} order, before any
 * later application message on those channels), then publish the completed local snapshot or the
 * failure, if present. At most one of {@link #completed()} and {@link #failure()} is present, and
 * markers come with a failure too (send them: the other processes then finish their recordings).
 * Over the life of one snapshot id at one engine, a piece or a failure is handed out exactly once
 * (a failure either here or by {@link ChandyLamport#failAll}).
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
