package io.cutwatch.snapshot;

import io.cutwatch.clock.VectorClock;
import io.cutwatch.model.ChannelId;
import io.cutwatch.model.ChannelNotInTopologyException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The Chandy-Lamport snapshot algorithm for one process, as a pure state machine: no threads,
 * no I/O, no timers. It can be driven over any FIFO reliable channels (ours, gRPC streams,
 * sockets, a test harness): the caller feeds it what happens at the process and carries out the
 * {@link Effects} it answers.
 *
 * <h2>Inputs and what they return</h2>
 * <ul>
 *   <li>{@link #initiate}: snapshot S starts at this process. The engine calls the state capture
 *       at once, opens a recording of every incoming channel and answers markers to send on every
 *       outgoing channel.</li>
 *   <li>{@link #onMarker}: a marker of S arrived on an incoming channel. The first marker of S
 *       here calls the state capture at once, records that channel as empty, opens a recording of
 *       every other incoming channel and answers markers to send on every outgoing channel. A
 *       later marker closes its channel's recording and answers no markers.</li>
 *   <li>{@link #onMessage}: an application message arrived on an incoming channel; call it before
 *       the application handles the message. The payload is appended to every recording open on
 *       that channel. It answers nothing.</li>
 *   <li>{@link #failAll}: the caller no longer trusts the recordings in flight (e.g. after a
 *       {@link io.cutwatch.channel.ChannelFault}); answers their failures.</li>
 * </ul>
 * {@link #initiate} and {@link #onMarker} return one {@link Effects}: the markers to send, and
 * at most one of a completed {@link LocalSnapshot} or a {@link SnapshotFailure}. The caller must
 * send the markers (even when a failure comes with them) before any later application message on
 * those channels, and publish the piece or the failure. Over the life of a snapshot id at this
 * engine, exactly one of the two is handed out, exactly once: the piece when the last incoming
 * channel's marker arrives; a failure as soon as it is known (a marker of a failed recording that
 * is still in flight is absorbed and answers nothing).
 *
 * <h2>State capture</h2>
 * The capture is called only by {@link #initiate} and by the first {@link #onMarker} of a
 * snapshot id, inside the call, at most once per id; it must return a copy or an immutable value
 * (the engine keeps the reference). If it throws a {@link RuntimeException}, the call does not
 * throw: its effects carry a {@link SnapshotFailure} with {@link FailureReason#CAPTURE_THREW}
 * naming this process, and still carry the markers for every outgoing channel. Sending them lets
 * every other process finish (and free) its own recording of the snapshot instead of holding it
 * forever; the snapshot fails anyway at its assembler. The engine then keeps only the set of
 * channels awaiting markers for that id, no payloads.
 *
 * <h2>Marker order</h2>
 * Markers to send are always all outgoing channels, in ascending {@link ChannelId} order
 * (by destination process id, as every outgoing channel starts here), whatever the order or kind
 * of collection given to the constructor. {@link #awaitingMarkers} answers in the same order.
 *
 * <h2>Memory</h2>
 * <ul>
 *   <li>A snapshot in flight holds its recorded state and the payloads of its open channels
 *       until the last marker arrives (there is no timer: a marker that never arrives keeps the
 *       recording, see {@link #inFlight()}); a failed one holds no payloads.</li>
 *   <li>A finished id (completed or failed) is remembered, with its outcome, so that a late
 *       duplicate marker is refused with {@link DuplicateMarkerException} and a reused id with
 *       {@link SnapshotIdInUseException}. At most {@link #rememberedIds()} finished ids are
 *       remembered ({@value #DEFAULT_REMEMBERED_IDS} unless given to the constructor). Beyond
 *       that, the smallest is forgotten and raises the horizon {@link #forgottenUpTo()} to it:
 *       every id at or below the horizon that is not in flight is {@link SnapshotStatus#FORGOTTEN},
 *       and a marker or an initiation for it is refused with
 *       {@link ForgottenSnapshotException}: never a recording that could not complete. So an id
 *       never seen here is refused only once {@code rememberedIds} snapshots with larger ids have
 *       finished here, which with ids that grow over time (as the backends allocate them) means
 *       a snapshot far older than any timeout (an id handed out far out of order, e.g. from an
 *       id batch fetched long ago while this process finished {@code rememberedIds} newer
 *       snapshots, is refused too: raise the bound if that can happen). A horizon rather than a
 *       plain window of recent ids
 *       is what makes the answer defined: with a window alone, a forgotten id would look never
 *       seen and its late duplicate marker would open a recording that never completes.</li>
 * </ul>
 * The memory of one engine is thus bounded by the snapshots in flight plus
 * {@code rememberedIds} small entries.
 *
 * <h2>Threading and ordering</h2>
 * Not thread-safe: one engine belongs to one process, and all calls must come from one thread
 * at a time (the process's), in the order the events happen at the process. Channels must be
 * FIFO and reliable. Cost: {@link #onMessage} is O(snapshots in flight); a marker is O(1), plus
 * O(channels) for the first one of a snapshot; remembering a finished id is O(log rememberedIds).
 *
 * <h2>Exceptions</h2>
 * {@link #initiate}, {@link #onMarker}, {@link #onMessage} and the queries check their arguments
 * first and throw without changing any state: {@link NullPointerException} naming the null
 * argument, {@link IllegalArgumentException} for a negative snapshot id,
 * {@link ChannelNotInTopologyException} naming the channel and this process for a channel that is
 * not an incoming channel here. The protocol violations {@link DuplicateMarkerException},
 * {@link SnapshotIdInUseException} and {@link ForgottenSnapshotException} leave the state
 * unchanged as well; the caller may log or count them and carry on. A throwing state capture is
 * not an exception of the call (see above). Each method lists what it throws.
 *
 * @param <S> the type the state capture returns (a copy or an immutable value)
 */
public final class ChandyLamport<S> {
    /** How many finished snapshot ids an engine remembers unless told otherwise. */
    public static final int DEFAULT_REMEMBERED_IDS = 4096;

    private final String self;
    private final Set<ChannelId> inboundSet;
    private final List<ChannelId> inbound;
    private final List<ChannelId> outbound;
    private final int rememberedIds;
    private final Map<Long, Recording<S>> active = new LinkedHashMap<>();
    /** Finished ids above the horizon -> whether they completed (true) or failed (false). */
    private final TreeMap<Long, Boolean> finished = new TreeMap<>();
    private long forgottenUpTo = -1;

    /**
     * An engine for process {@code self} remembering {@value #DEFAULT_REMEMBERED_IDS} finished ids.
     *
     * @param self     this process's id
     * @param inbound  this process's incoming channels (each {@code x->self}), any order, no duplicates
     * @param outbound this process's outgoing channels (each {@code self->x}), any order, no duplicates
     * @throws NullPointerException     if an argument or a channel is null
     * @throws IllegalArgumentException if a channel does not end (incoming) or start (outgoing) at
     *                                  {@code self}, or is given twice
     */
    public ChandyLamport(String self, Collection<ChannelId> inbound, Collection<ChannelId> outbound) {
        this(self, inbound, outbound, DEFAULT_REMEMBERED_IDS);
    }

    /**
     * An engine for process {@code self} remembering {@code rememberedIds} finished ids (see the
     * class comment on memory).
     *
     * @param self          this process's id
     * @param inbound       this process's incoming channels (each {@code x->self}), any order, no duplicates
     * @param outbound      this process's outgoing channels (each {@code self->x}), any order, no duplicates
     * @param rememberedIds how many finished ids to remember, at least 1
     * @throws NullPointerException     if an argument or a channel is null
     * @throws IllegalArgumentException if a channel does not end (incoming) or start (outgoing) at
     *                                  {@code self}, or is given twice, or {@code rememberedIds < 1}
     */
    public ChandyLamport(String self, Collection<ChannelId> inbound, Collection<ChannelId> outbound,
                         int rememberedIds) {
        this.self = Objects.requireNonNull(self, "self (the id of the process this engine belongs to)");
        this.inbound = canonical(self, inbound, true);
        this.outbound = canonical(self, outbound, false);
        this.inboundSet = Set.copyOf(this.inbound);
        if (rememberedIds < 1) {
            throw new IllegalArgumentException("rememberedIds must be >= 1, got " + rememberedIds);
        }
        this.rememberedIds = rememberedIds;
    }

    /**
     * Starts snapshot {@code snapshotId} at this process: calls {@code capture} now, opens a
     * recording of every incoming channel.
     *
     * @param snapshotId a fresh id, {@code >= 0}
     * @param capture    returns this process's state (a copy or an immutable value); called once, inside this call
     * @param clock      this process's vector clock now: the frontier of its local snapshot
     * @return markers for every outgoing channel, in canonical order; the completed local snapshot
     *         if this process has no incoming channels; or, if {@code capture} threw, the markers
     *         and a {@link FailureReason#CAPTURE_THREW} failure
     * @throws NullPointerException       if {@code capture} or {@code clock} is null
     * @throws IllegalArgumentException   if {@code snapshotId < 0}
     * @throws SnapshotIdInUseException   if the id is in flight or remembered as finished here
     * @throws ForgottenSnapshotException if the id is at or below {@link #forgottenUpTo()}
     */
    public Effects<S> initiate(long snapshotId, Supplier<? extends S> capture, VectorClock clock) {
        requireId(snapshotId);
        requireCapture(capture);
        requireClock(clock);
        if (active.containsKey(snapshotId) || finished.containsKey(snapshotId)) {
            throw new SnapshotIdInUseException(snapshotId, self);
        }
        if (snapshotId <= forgottenUpTo) {
            throw new ForgottenSnapshotException(snapshotId, self, forgottenUpTo, rememberedIds, null);
        }
        return start(snapshotId, capture, clock, null);
    }

    /**
     * A marker for {@code snapshotId} arrived on {@code channel}. The first one for the id here
     * calls {@code capture} now and starts recording; a later one closes its channel.
     *
     * @param channel    an incoming channel of this process
     * @param snapshotId the marker's snapshot id, {@code >= 0}
     * @param capture    returns this process's state; called only if this is the id's first marker here
     * @param clock      this process's vector clock now; the frontier if this is the first marker
     * @return for a first marker: markers for every outgoing channel, in canonical order, plus the
     *         completed local snapshot if {@code channel} is the only incoming channel, or a
     *         {@link FailureReason#CAPTURE_THREW} failure if {@code capture} threw. For a later
     *         marker: no markers, plus the completed local snapshot if it was the last one awaited
     *         (nothing if the snapshot failed here before)
     * @throws NullPointerException          if {@code channel}, {@code capture} or {@code clock} is null
     * @throws IllegalArgumentException      if {@code snapshotId < 0}
     * @throws ChannelNotInTopologyException if {@code channel} is not an incoming channel of this process
     * @throws DuplicateMarkerException      if that channel's recording of the snapshot is already
     *                                       closed, or the snapshot is remembered as finished here
     * @throws ForgottenSnapshotException    if the id is not in flight and at or below {@link #forgottenUpTo()}
     */
    public Effects<S> onMarker(ChannelId channel, long snapshotId, Supplier<? extends S> capture, VectorClock clock) {
        requireInbound(channel, snapshotId);
        requireId(snapshotId);
        requireCapture(capture);
        requireClock(clock);
        Recording<S> r = active.get(snapshotId);
        if (r == null) {
            if (finished.containsKey(snapshotId)) {
                throw new DuplicateMarkerException(snapshotId, channel);
            }
            if (snapshotId <= forgottenUpTo) {
                throw new ForgottenSnapshotException(snapshotId, self, forgottenUpTo, rememberedIds, channel);
            }
            return start(snapshotId, capture, clock, channel);
        }
        if (!r.open.remove(channel)) {
            throw new DuplicateMarkerException(snapshotId, channel);
        }
        return settle(r, List.of());
    }

    /**
     * An application message arrived on {@code channel}; call it before the application handles
     * the message. The payload is appended to every recording of that channel still open here
     * (of snapshots recording, not failed ones). Never calls the state capture.
     *
     * @param channel the incoming channel the message arrived on
     * @param payload the application message, as the application will handle it (kept by reference)
     * @throws NullPointerException          if {@code channel} or {@code payload} is null
     * @throws ChannelNotInTopologyException if {@code channel} is not an incoming channel of this process
     */
    public void onMessage(ChannelId channel, Object payload) {
        requireInbound(channel, -1);
        Objects.requireNonNull(payload, "payload (application messages are never null; markers go to onMarker)");
        for (Recording<S> r : active.values()) {
            if (r.failure == null && r.open.contains(channel)) {
                r.channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(payload);
            }
        }
    }

    /**
     * Fails every snapshot in flight here that has not failed yet: their recordings can no longer
     * be trusted (e.g. after a {@link io.cutwatch.channel.ChannelFault}). Their payloads are
     * dropped; they stay in flight until their last marker arrives, and markers still arriving
     * for them are absorbed quietly.
     *
     * @param failureFor the failure of a snapshot, given its id
     * @return the failures of the snapshots newly failed, in start order; the caller publishes each
     *         once (they are never handed out again)
     * @throws NullPointerException if {@code failureFor} is null or returns null
     */
    public List<SnapshotFailure> failAll(LongFunction<SnapshotFailure> failureFor) {
        Objects.requireNonNull(failureFor, "failureFor");
        List<SnapshotFailure> failed = new ArrayList<>();
        for (Recording<S> r : active.values()) {
            if (r.failure == null) {
                r.fail(Objects.requireNonNull(failureFor.apply(r.snapshotId),
                        "failureFor returned null for snapshot " + r.snapshotId));
                r.failureReported = true;
                failed.add(r.failure);
            }
        }
        return failed;
    }

    /**
     * Returns what this engine knows of {@code snapshotId}, at any time, including after the
     * effects that completed or failed it. O(log rememberedIds).
     *
     * @param snapshotId a snapshot id, {@code >= 0}
     * @return the id's status here; see {@link SnapshotStatus}
     * @throws IllegalArgumentException if {@code snapshotId < 0}
     */
    public SnapshotStatus status(long snapshotId) {
        requireId(snapshotId);
        Recording<S> r = active.get(snapshotId);
        if (r != null) {
            return r.failure == null ? SnapshotStatus.RECORDING : SnapshotStatus.FAILED;
        }
        Boolean completed = finished.get(snapshotId);
        if (completed != null) {
            return completed ? SnapshotStatus.COMPLETED : SnapshotStatus.FAILED;
        }
        return snapshotId <= forgottenUpTo ? SnapshotStatus.FORGOTTEN : SnapshotStatus.UNKNOWN;
    }

    /**
     * Returns whether {@code snapshotId} is in flight here. O(1).
     *
     * @param snapshotId a snapshot id
     * @return true while the id is {@link SnapshotStatus#RECORDING}, or {@link SnapshotStatus#FAILED}
     *         and still awaiting markers
     */
    public boolean isInFlight(long snapshotId) {
        return active.containsKey(snapshotId);
    }

    /**
     * Returns the snapshots in flight here: those whose recording (or, once failed, whose count of
     * markers) is held until their last marker arrives.
     *
     * @return their ids, in start order (a copy)
     */
    public List<Long> inFlight() {
        return List.copyOf(active.keySet());
    }

    /**
     * The incoming channels still awaiting a marker for {@code snapshotId}, in canonical order:
     * non-empty exactly while the snapshot is in flight here, empty once it finished here
     * ({@link SnapshotStatus#COMPLETED}, or {@link SnapshotStatus#FAILED} and not in flight).
     *
     * @param snapshotId a snapshot id, {@code >= 0}
     * @return the channels awaiting a marker (a copy)
     * @throws IllegalArgumentException if {@code snapshotId < 0}, or its status is
     *                                  {@link SnapshotStatus#UNKNOWN} or {@link SnapshotStatus#FORGOTTEN}
     *                                  (this engine cannot say; check {@link #status} first)
     */
    public Set<ChannelId> awaitingMarkers(long snapshotId) {
        requireId(snapshotId);
        Recording<S> r = active.get(snapshotId);
        if (r != null) {
            return Collections.unmodifiableSet(new TreeSet<>(r.open));
        }
        if (finished.containsKey(snapshotId)) {
            return Set.of();
        }
        throw new IllegalArgumentException("snapshot " + snapshotId + " is " + status(snapshotId) + " at " + self
                + ": no recording to report awaited markers of (check status(id) first)");
    }

    /**
     * Returns the id of the process this engine belongs to.
     *
     * @return this process's id
     */
    public String self() {
        return self;
    }

    /**
     * Returns the incoming channels given to the constructor.
     *
     * @return the incoming channels, in canonical order
     */
    public List<ChannelId> inbound() {
        return inbound;
    }

    /**
     * Returns the outgoing channels given to the constructor.
     *
     * @return the outgoing channels, in canonical order: the order of every {@link Effects#markersToSend()}
     *         that is not empty
     */
    public List<ChannelId> outbound() {
        return outbound;
    }

    /**
     * Returns the memory bound given to the constructor (see the class comment on memory).
     *
     * @return how many finished ids this engine remembers
     */
    public int rememberedIds() {
        return rememberedIds;
    }

    /**
     * Returns the horizon: every id at or below it that is not in flight is
     * {@link SnapshotStatus#FORGOTTEN}. It only grows, each time a finished id is forgotten.
     *
     * @return the largest id forgotten so far, or {@code -1} while nothing was forgotten
     */
    public long forgottenUpTo() {
        return forgottenUpTo;
    }

    private Effects<S> start(long snapshotId, Supplier<? extends S> capture, VectorClock clock, ChannelId arrivedOn) {
        S state = null;
        SnapshotFailure failure = null;
        try {
            state = capture.get();
        } catch (RuntimeException e) {
            failure = SnapshotFailure.ofProcess(snapshotId, FailureReason.CAPTURE_THREW, self,
                    "the state capture of process " + self + " threw " + e);
        }
        Recording<S> r = new Recording<>(snapshotId, state, clock, inbound);
        if (failure != null) {
            r.fail(failure);
        }
        if (arrivedOn != null) {
            r.open.remove(arrivedOn);
        }
        active.put(snapshotId, r);
        return settle(r, outbound);
    }

    private Effects<S> settle(Recording<S> r, List<ChannelId> markers) {
        Optional<SnapshotFailure> failure = Optional.empty();
        if (r.failure != null && !r.failureReported) {
            r.failureReported = true;
            failure = Optional.of(r.failure);
        }
        if (!r.open.isEmpty()) {
            return new Effects<>(r.snapshotId, markers, Optional.empty(), failure);
        }
        active.remove(r.snapshotId);
        remember(r.snapshotId, r.failure == null);
        if (r.failure != null) {
            return new Effects<>(r.snapshotId, markers, Optional.empty(), failure);
        }
        // Built immutable once (LocalSnapshot keeps it as it is); a channel nothing arrived on is empty.
        @SuppressWarnings("unchecked")
        Map.Entry<ChannelId, List<Object>>[] recorded = new Map.Entry[inbound.size()];
        for (int i = 0; i < recorded.length; i++) {
            ChannelId c = inbound.get(i);
            List<Object> msgs = r.channels.get(c);
            recorded[i] = Map.entry(c, msgs == null ? List.of() : List.copyOf(msgs));
        }
        Map<ChannelId, List<Object>> channels = Map.ofEntries(recorded);
        LocalSnapshot<S> done = new LocalSnapshot<>(r.snapshotId, self, r.state, channels, r.frontier);
        return new Effects<>(r.snapshotId, markers, Optional.of(done), Optional.empty());
    }

    private void remember(long snapshotId, boolean completed) {
        if (snapshotId <= forgottenUpTo) {
            return; // finished after the horizon passed it while in flight: forgotten at once
        }
        finished.put(snapshotId, completed);
        if (finished.size() > rememberedIds) {
            forgottenUpTo = finished.pollFirstEntry().getKey();
        }
    }

    /** Checks {@code channel} for a marker of {@code snapshotId}, or an application message if it is negative. */
    private void requireInbound(ChannelId channel, long snapshotId) {
        Objects.requireNonNull(channel, "channel");
        if (!inboundSet.contains(channel)) {
            String what = snapshotId < 0 ? "application message" : "marker for snapshot " + snapshotId;
            throw new ChannelNotInTopologyException(channel, what + " at " + self + ", whose incoming channels are "
                    + inbound);
        }
    }

    private static void requireId(long snapshotId) {
        if (snapshotId < 0) {
            throw new IllegalArgumentException("snapshot ids are >= 0, got " + snapshotId);
        }
    }

    private static void requireCapture(Supplier<?> capture) {
        Objects.requireNonNull(capture, "capture (the supplier of this process's state)");
    }

    /** The message is built only when the clock is missing (this runs for every marker). */
    private void requireClock(VectorClock clock) {
        if (clock == null) {
            throw new NullPointerException("clock (the vector clock of process " + self
                    + " at this call; it becomes the frontier of its local snapshot)");
        }
    }

    /** The channels in ascending order, each checked to end (incoming) or start (outgoing) at {@code self}. */
    private static List<ChannelId> canonical(String self, Collection<ChannelId> channels, boolean incoming) {
        String kind = incoming ? "incoming" : "outgoing";
        Objects.requireNonNull(channels, kind + " channels of " + self);
        TreeSet<ChannelId> sorted = new TreeSet<>();
        for (ChannelId c : channels) {
            Objects.requireNonNull(c, kind + " channels of " + self + " contain null: " + channels);
            String end = incoming ? c.to() : c.from();
            if (!end.equals(self)) {
                throw new IllegalArgumentException(kind + " channel " + c + " does not " + (incoming ? "end" : "start")
                        + " at " + self + "; every " + kind + " channel of " + self + " is "
                        + (incoming ? "x->" + self : self + "->x"));
            }
            if (!sorted.add(c)) {
                throw new IllegalArgumentException(kind + " channel " + c + " of " + self + " is given twice in "
                        + channels);
            }
        }
        return List.copyOf(sorted);
    }

    private static final class Recording<S> {
        final long snapshotId;
        final S state;
        final VectorClock frontier;
        final Set<ChannelId> open;
        /** Payloads recorded per channel; a channel appears once a payload was recorded on it. */
        final Map<ChannelId, List<Object>> channels = new HashMap<>();
        SnapshotFailure failure;
        boolean failureReported;

        Recording(long snapshotId, S state, VectorClock frontier, List<ChannelId> inbound) {
            this.snapshotId = snapshotId;
            this.state = state;
            this.frontier = frontier;
            this.open = new LinkedHashSet<>(inbound);
        }

        /** Fails the recording: from now on it only counts markers, its payloads are dropped. */
        void fail(SnapshotFailure f) {
            failure = f;
            channels.clear();
        }
    }
}
