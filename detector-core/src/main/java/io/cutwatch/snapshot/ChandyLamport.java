package io.cutwatch.snapshot;

import io.cutwatch.model.ChannelNotInTopologyException;
import io.cutwatch.model.ChannelId;
import io.cutwatch.clock.VectorClock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The Chandy-Lamport snapshot algorithm for one process, as a pure state machine: no threads,
 * no I/O, usable over any FIFO reliable channels (ours, gRPC streams, sockets, a test harness).
 *
 * <p>The caller feeds it three inputs and carries out the {@link Effects} it answers:
 * <ul>
 *   <li>{@link #initiate}: "snapshot S starts here": records the state, then markers go out on
 *       every outgoing channel and every incoming channel is recorded until its marker arrives;</li>
 *   <li>{@link #onMarker}: the first marker of S records the state, records that channel as
 *       empty, sends markers on every outgoing channel and records the other incoming channels;
 *       a later marker closes its channel's recording;</li>
 *   <li>{@link #onMessage}: an application message arrived; it is appended to the recording of
 *       every snapshot whose recording of that channel is open.</li>
 * </ul>
 * When markers have arrived on all incoming channels, the effects carry the completed
 * {@link LocalSnapshot}. Several snapshots (different ids) may be in flight at once; each is
 * recorded independently. Application sends are never blocked.
 *
 * <p>Ordering contract: inputs must be given in the order the events happen at this process,
 * markers to send must go out before any later application message on the same channel, and
 * the state capture must run at the point of the call (it does: the engine calls it inside
 * {@code initiate}/{@code onMarker}).
 *
 * <p>Threading: not thread-safe; one owner thread (the process's). Cost: {@code onMessage} is
 * O(snapshots in flight); a marker is O(1) plus O(outgoing channels) for the first one.
 *
 * @param <S> the type the state capture returns (a copy or an immutable value)
 */
public final class ChandyLamport<S> {
    /** How many completed snapshot ids are remembered to reject late duplicate markers. */
    static final int REMEMBERED_IDS = 4096;

    private final String self;
    private final Set<ChannelId> inbound;
    private final List<ChannelId> outbound;
    private final Map<Long, Recording<S>> active = new LinkedHashMap<>();
    private final Set<Long> finished = new LinkedHashSet<>();

    public ChandyLamport(String self, Collection<ChannelId> inbound, Collection<ChannelId> outbound) {
        this.self = self;
        this.inbound = Set.copyOf(inbound);
        this.outbound = List.copyOf(outbound);
        for (ChannelId c : this.inbound) {
            if (!c.to().equals(self)) {
                throw new IllegalArgumentException("incoming channel " + c + " does not end at " + self);
            }
        }
        for (ChannelId c : this.outbound) {
            if (!c.from().equals(self)) {
                throw new IllegalArgumentException("outgoing channel " + c + " does not start at " + self);
            }
        }
    }

    /**
     * Starts snapshot {@code snapshotId} at this process.
     *
     * @throws SnapshotIdInUseException if this process has seen the id before
     * @throws SnapshotFailedException if the state capture throws (nothing is sent)
     */
    public Effects<S> initiate(long snapshotId, Supplier<? extends S> capture, VectorClock clock) {
        if (snapshotId < 0) {
            throw new IllegalArgumentException("snapshot ids are >= 0, got " + snapshotId);
        }
        if (active.containsKey(snapshotId) || finished.contains(snapshotId)) {
            throw new SnapshotIdInUseException(snapshotId, self);
        }
        S state;
        try {
            state = capture.get();
        } catch (RuntimeException e) {
            throw new SnapshotFailedException(SnapshotFailure.ofProcess(snapshotId, FailureReason.CAPTURE_THREW, self,
                    "the state capture of process " + self + " threw " + e), e);
        }
        Recording<S> r = new Recording<>(snapshotId, state, clock, null, inbound);
        active.put(snapshotId, r);
        return settle(r, outbound);
    }

    /**
     * A marker for {@code snapshotId} arrived on {@code channel}.
     *
     * @throws ChannelNotInTopologyException if {@code channel} is not an incoming channel here
     * @throws DuplicateMarkerException if that channel's recording for the snapshot is already closed
     */
    public Effects<S> onMarker(ChannelId channel, long snapshotId, Supplier<? extends S> capture, VectorClock clock) {
        if (!inbound.contains(channel)) {
            throw new ChannelNotInTopologyException(channel, "marker for snapshot " + snapshotId + " at " + self);
        }
        Recording<S> r = active.get(snapshotId);
        if (r == null) {
            if (finished.contains(snapshotId)) {
                throw new DuplicateMarkerException(snapshotId, channel);
            }
            S state = null;
            SnapshotFailure failure = null;
            try {
                state = capture.get();
            } catch (RuntimeException e) {
                failure = SnapshotFailure.ofProcess(snapshotId, FailureReason.CAPTURE_THREW, self,
                        "the state capture of process " + self + " threw " + e);
            }
            r = new Recording<>(snapshotId, state, clock, failure, inbound);
            r.open.remove(channel);
            active.put(snapshotId, r);
            return settle(r, outbound);
        }
        if (!r.open.remove(channel)) {
            throw new DuplicateMarkerException(snapshotId, channel);
        }
        return settle(r, List.of());
    }

    /** An application message arrived on {@code channel} (before the caller handles it). */
    public void onMessage(ChannelId channel, Object payload) {
        for (Recording<S> r : active.values()) {
            if (r.open.contains(channel)) {
                r.channels.get(channel).add(payload);
            }
        }
    }

    /**
     * Fails every snapshot in flight here (e.g. after a {@link io.cutwatch.channel.ChannelFault}):
     * their recordings can no longer be trusted. Markers still arriving for them are absorbed
     * quietly. Returns the failures of the snapshots newly failed ({@code failureFor} applied to
     * each one's id); the caller reports each once.
     */
    public List<SnapshotFailure> failAll(LongFunction<SnapshotFailure> failureFor) {
        List<SnapshotFailure> failed = new ArrayList<>();
        for (Recording<S> r : active.values()) {
            if (r.failure == null) {
                r.failure = failureFor.apply(r.snapshotId);
                r.failureReported = true;
                failed.add(r.failure);
            }
        }
        return failed;
    }

    /** Ids of snapshots whose recording is still open here, in start order. */
    public List<Long> inFlight() {
        return List.copyOf(active.keySet());
    }

    /** The incoming channels still awaiting a marker for {@code snapshotId}; empty if none or unknown. */
    public Set<ChannelId> awaitingMarkers(long snapshotId) {
        Recording<S> r = active.get(snapshotId);
        return r == null ? Set.of() : Set.copyOf(r.open);
    }

    public String self() {
        return self;
    }

    private Effects<S> settle(Recording<S> r, List<ChannelId> markers) {
        if (!r.open.isEmpty()) {
            if (r.failure != null && !r.failureReported) {
                r.failureReported = true;
                return new Effects<>(r.snapshotId, markers, Optional.empty(), Optional.of(r.failure));
            }
            return new Effects<>(r.snapshotId, markers, Optional.empty(), Optional.empty());
        }
        active.remove(r.snapshotId);
        remember(r.snapshotId);
        if (r.failure != null) {
            Optional<SnapshotFailure> failure = r.failureReported ? Optional.empty() : Optional.of(r.failure);
            return new Effects<>(r.snapshotId, markers, Optional.empty(), failure);
        }
        Map<ChannelId, List<Object>> channels = new HashMap<>();
        r.channels.forEach((c, msgs) -> channels.put(c, List.copyOf(msgs)));
        LocalSnapshot<S> done = new LocalSnapshot<>(r.snapshotId, self, r.state, channels, r.frontier);
        return new Effects<>(r.snapshotId, markers, Optional.of(done), Optional.empty());
    }

    private void remember(long snapshotId) {
        finished.add(snapshotId);
        if (finished.size() > REMEMBERED_IDS) {
            Iterator<Long> it = finished.iterator();
            it.next();
            it.remove();
        }
    }

    private static final class Recording<S> {
        final long snapshotId;
        final S state;
        final VectorClock frontier;
        final Set<ChannelId> open;
        final Map<ChannelId, List<Object>> channels = new HashMap<>();
        SnapshotFailure failure;
        boolean failureReported;

        Recording(long snapshotId, S state, VectorClock frontier, SnapshotFailure failure, Set<ChannelId> inbound) {
            this.snapshotId = snapshotId;
            this.state = state;
            this.frontier = frontier;
            this.failure = failure;
            this.open = new LinkedHashSet<>(inbound);
            for (ChannelId c : inbound) {
                channels.put(c, new ArrayList<>());
            }
        }
    }
}
