package io.cutwatch.runtime;

import io.cutwatch.process.Context;
import io.cutwatch.model.CutwatchException;
import io.cutwatch.process.LocalAction;
import io.cutwatch.process.MessageHandler;
import io.cutwatch.process.Process;
import io.cutwatch.process.ProcessEvent;
import io.cutwatch.process.ProcessEventListener;
import io.cutwatch.process.ProcessStats;
import io.cutwatch.model.Topology;
import io.cutwatch.channel.ChannelFault;
import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.Envelope;
import io.cutwatch.channel.InboundSequencer;
import io.cutwatch.channel.Transport;
import io.cutwatch.clock.VectorClock;
import io.cutwatch.snapshot.ChandyLamport;
import io.cutwatch.snapshot.DuplicateMarkerException;
import io.cutwatch.snapshot.Effects;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.ForgottenSnapshotException;
import io.cutwatch.snapshot.SnapshotFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The runtime of one logical process: owns the application state, the vector clock, the
 * per-channel sequence numbers and the {@link ChandyLamport} engine, and drives them from
 * envelopes and local actions, all on its {@link ProcessExecutor} (one event at a time).
 *
 * <p>Clock rules: a local action, a send and a receive are each one event (the own entry ticks;
 * a receive first merges the sender's clock). Markers are control messages, not events. The
 * frontier of a local snapshot is the clock between two handlers, where the state is captured.
 *
 * <p>Bad input never stops the process: envelopes from outside the topology or with a foreign
 * clock are rejected (logged, counted); sequence breaches are {@link ChannelFault}s that fail
 * the snapshots in flight here; duplicate markers are rejected (counted as duplicates) and markers
 * of snapshots the engine has forgotten are rejected (counted as rejected); a throwing handler is
 * logged and counted.
 */
public final class LogicalProcess<S> implements Process<S>, Context {
    /** How many finished snapshot ids {@link #hasFinished} remembers. */
    static final int FINISHED_KEPT = 64;
    private static final Logger LOG = LoggerFactory.getLogger(LogicalProcess.class);

    private final String id;
    private final int index;
    private final Topology topology;
    private final S state;
    private final Function<? super S, ?> capture;
    private final MessageHandler<S> handler;
    private final ProcessExecutor executor;
    private final Transport transport;
    private final SnapshotCollector collector;
    private final ProcessEventListener listener;
    private final Random random;
    private final ChandyLamport<Object> engine;
    private final InboundSequencer sequencer = new InboundSequencer();
    private final Map<String, long[]> nextSeq = new HashMap<>();
    private final List<String> neighbours;
    /** Snapshot id -> incoming channels still awaiting a marker; read by timeout diagnostics. */
    private final Map<Long, Set<ChannelId>> awaiting = new ConcurrentHashMap<>();
    /** The ids of the last snapshots whose local part finished here (recorded or failed), a ring; guarded by itself. */
    private final long[] finished = new long[FINISHED_KEPT];
    private int finishedCount;
    private int finishedNext;

    private VectorClock clock;
    private volatile long messagesSent;
    private volatile long messagesReceived;
    private volatile long markersSent;
    private volatile long localSnapshots;
    private volatile long rejected;
    private volatile long channelFaults;
    private volatile long duplicateMarkers;
    private volatile long handlerFailures;

    public LogicalProcess(String id, Topology topology, S state, Function<? super S, ?> capture,
                          MessageHandler<S> handler, Backend backend, ProcessEventListener listener) {
        this.id = id;
        this.index = topology.indexOf(id);
        this.topology = topology;
        this.state = state;
        this.capture = capture;
        this.handler = handler;
        this.executor = backend.executor(id);
        this.transport = backend.transport();
        this.collector = backend.collector();
        this.listener = listener;
        this.random = backend.randomFor(id, index);
        this.engine = new ChandyLamport<>(id, topology.inbound(id), topology.outbound(id));
        this.clock = VectorClock.zero(topology.size());
        List<String> ns = new ArrayList<>();
        for (ChannelId c : topology.outbound(id)) {
            nextSeq.put(c.to(), new long[] {1});
            ns.add(c.to());
        }
        this.neighbours = List.copyOf(ns);
    }

    /** Registers with the transport (before anyone can send here) and runs {@code onStart}. */
    public void start(LocalAction<S> onStart) {
        transport.register(id, this::receive);
        if (onStart != null) {
            executor.execute(() -> localEvent(() -> onStart.run(state, this)));
        }
    }

    /** Entry point for the transport; any thread. */
    public void receive(Envelope envelope) {
        executor.execute(() -> onEnvelope(envelope));
    }

    /** Starts snapshot {@code snapshotId} here; failures go to the collector. Any thread. */
    public void initiate(long snapshotId) {
        executor.execute(() -> {
            try {
                // A throwing capture is a failure in the effects (published once by apply), not an exception.
                apply(engine.initiate(snapshotId, this::captureState, clock), null);
            } catch (CutwatchException e) {
                LOG.warn("process {} could not initiate snapshot {}: {}", id, snapshotId, e.getMessage());
                collector.publishFailure(SnapshotFailure.ofProcess(snapshotId, FailureReason.CANCELLED, id,
                        e.getMessage()));
            }
        });
    }

    /**
     * Whether this process's part of {@code snapshotId} finished (its local snapshot was recorded
     * and handed to the collector, or it failed), as far as the last {@value #FINISHED_KEPT}
     * snapshots go. Any thread.
     */
    public boolean hasFinished(long snapshotId) {
        synchronized (finished) {
            for (int i = 0; i < finishedCount; i++) {
                if (finished[i] == snapshotId) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Incoming channels still awaiting a marker for {@code snapshotId} (empty when done or unknown). */
    public Set<ChannelId> awaitingMarkers(long snapshotId) {
        return awaiting.getOrDefault(snapshotId, Set.of());
    }

    @Override
    public void tell(LocalAction<S> action) {
        executor.execute(() -> localEvent(() -> action.run(state, this)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ProcessStats stats() {
        return new ProcessStats(id, messagesSent, messagesReceived, markersSent, localSnapshots, rejected,
                channelFaults, duplicateMarkers, handlerFailures);
    }

    // ---- Context: only on this process's thread ----

    @Override
    public String self() {
        return id;
    }

    @Override
    public void send(String to, Object payload) {
        topology.requireProcess(to, "send from " + id);
        ChannelId channel = new ChannelId(id, to);
        topology.requireChannel(channel, "send from " + id);
        if (payload == null) {
            throw new IllegalArgumentException("null payload in send " + channel);
        }
        clock = clock.tick(index);
        Envelope envelope = Envelope.message(channel, nextSeq.get(to)[0]++, clock, payload);
        emit(ProcessEvent.Kind.SEND, channel, envelope.seq(), payload);
        messagesSent++;
        transport.send(envelope);
    }

    @Override
    public void schedule(Duration delay, Runnable action) {
        executor.schedule(delay, () -> localEvent(action));
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public VectorClock clock() {
        return clock;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public List<String> neighbours() {
        return neighbours;
    }

    // ---- event handling ----

    private void onEnvelope(Envelope e) {
        ChannelId channel = e.channel();
        if (!channel.to().equals(id) || !topology.contains(channel)) {
            reject(e, "channel " + channel + " is not an incoming channel of " + id + " in the topology");
            return;
        }
        if (e.clock().width() != topology.size()) {
            reject(e, "vector clock of width " + e.clock().width() + " from a topology of another size");
            return;
        }
        InboundSequencer.Verdict verdict = sequencer.check(channel, e.seq());
        if (!verdict.inOrder()) {
            onFault(verdict.fault());
            if (!verdict.deliver()) {
                return;
            }
        }
        if (e.isMarker()) {
            try {
                apply(engine.onMarker(channel, e.snapshotId(), this::captureState, clock), channel);
            } catch (DuplicateMarkerException dup) {
                duplicateMarkers++;
                LOG.warn("process {}: {}", id, dup.getMessage());
            } catch (ForgottenSnapshotException old) {
                rejected++;
                LOG.warn("process {}: {}", id, old.getMessage());
            }
            return;
        }
        engine.onMessage(channel, e.payload());
        clock = clock.merge(e.clock()).tick(index);
        messagesReceived++;
        emit(ProcessEvent.Kind.RECEIVE, channel, e.seq(), e.payload());
        try {
            handler.handle(state, channel.from(), e.payload(), this);
        } catch (RuntimeException ex) {
            handlerFailed("message " + e.messageId(), ex);
        }
    }

    private void localEvent(Runnable action) {
        clock = clock.tick(index);
        emit(ProcessEvent.Kind.LOCAL, null, 0, null);
        try {
            action.run();
        } catch (RuntimeException ex) {
            handlerFailed("local action", ex);
        }
    }

    private Object captureState() {
        return capture.apply(state);
    }

    private void apply(Effects<Object> effects, ChannelId arrivedOn) {
        long sid = effects.snapshotId();
        for (ChannelId c : effects.markersToSend()) {
            transport.send(Envelope.marker(c, nextSeq.get(c.to())[0]++, clock, sid));
            markersSent++;
        }
        if (effects.completed().isPresent() || effects.failure().isPresent()) {
            synchronized (finished) {
                finished[finishedNext] = sid;
                finishedNext = (finishedNext + 1) % FINISHED_KEPT;
                finishedCount = Math.min(finishedCount + 1, FINISHED_KEPT);
            }
        }
        effects.completed().ifPresent(piece -> {
            localSnapshots++;
            collector.publish(piece);
        });
        effects.failure().ifPresent(f -> {
            LOG.warn("process {}: {}", id, f.message());
            collector.publishFailure(f);
        });
        trackAwaiting(sid, !effects.markersToSend().isEmpty(), arrivedOn);
    }

    /** Keeps the timeout diagnostics current in O(1) per marker (one copy when a recording starts). */
    private void trackAwaiting(long sid, boolean started, ChannelId arrivedOn) {
        Set<ChannelId> open = awaiting.get(sid);
        if (started || open == null) {
            Set<ChannelId> now = engine.isInFlight(sid) ? engine.awaitingMarkers(sid) : Set.of();
            if (now.isEmpty()) {
                awaiting.remove(sid);
            } else {
                Set<ChannelId> set = ConcurrentHashMap.newKeySet();
                set.addAll(now);
                awaiting.put(sid, set);
            }
            return;
        }
        open.remove(arrivedOn);
        if (open.isEmpty()) {
            awaiting.remove(sid);
        }
    }

    private void onFault(ChannelFault fault) {
        channelFaults++;
        LOG.warn("process {}: {}", id, fault.getMessage());
        for (SnapshotFailure f : engine.failAll(sid -> SnapshotFailure.ofChannel(sid, FailureReason.CHANNEL_FAULT,
                fault.channel(), fault.getMessage()))) {
            collector.publishFailure(f);
        }
    }

    private void reject(Envelope e, String why) {
        rejected++;
        LOG.warn("process {} rejected envelope {}: {}", id, e.messageId(), why);
    }

    private void handlerFailed(String what, RuntimeException ex) {
        handlerFailures++;
        LOG.warn("process {}: {} threw; the process keeps running", id, what, ex);
    }

    private void emit(ProcessEvent.Kind kind, ChannelId channel, long seq, Object payload) {
        if (listener != null) {
            listener.onEvent(new ProcessEvent(id, kind, channel, seq, payload, clock));
        }
    }
}
