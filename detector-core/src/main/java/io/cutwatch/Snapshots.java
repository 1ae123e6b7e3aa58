package io.cutwatch;

import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.model.Topology;
import io.cutwatch.model.UnknownProcessException;
import io.cutwatch.model.ChannelId;
import io.cutwatch.runtime.Backend;
import io.cutwatch.runtime.CoreEndpoint;
import io.cutwatch.runtime.HostedProgress;
import io.cutwatch.runtime.LogicalProcess;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.InconsistentCutException;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailedException;
import io.cutwatch.snapshot.SnapshotFailure;
import io.cutwatch.snapshot.SnapshotIdInUseException;
import io.cutwatch.snapshot.SnapshotProgress;
import io.cutwatch.snapshot.SnapshotTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Starts snapshots and assembles them at the central location.
 *
 * <p>{@link #initiate} allocates a fresh snapshot id, asks the initiating process to start
 * Chandy-Lamport there and returns a future that completes with the checked
 * {@link GlobalSnapshot} once every process's piece has arrived, or fails with a
 * {@link SnapshotFailedException} naming the reason: a process that could not record, a channel
 * fault, an inconsistent cut, or a {@link SnapshotTimeoutException} naming the processes (and,
 * for processes hosted here, the channels) still missing. A snapshot is never completed partially.
 *
 * <p>Threading: all methods are thread-safe; futures complete on a backend thread (the
 * simulator's thread in simulation), so do not block inside their callbacks.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    /** Outcome counters; a point-in-time copy. */
    public record Stats(long initiated, long completed, long failed) {
    }

    /** How a member names itself in a {@link HostedProgress} it computes; backends put their own name on answers they carry. */
    static final String HERE = "local";

    private final Topology topology;
    private final Backend backend;
    private final Function<String, LogicalProcess<?>> local;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Consumer<GlobalSnapshot<?>>> listeners = new CopyOnWriteArrayList<>();
    private final List<SnapshotObserver> observers = new CopyOnWriteArrayList<>();
    private final AtomicLong initiated = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Duration defaultTimeout = Duration.ofSeconds(30);

    Snapshots(Topology topology, Backend backend, Function<String, LogicalProcess<?>> local) {
        this.topology = topology;
        this.backend = backend;
        this.local = local;
    }

    /** Timeout used by {@link #initiate(String)}; 30 s unless changed. */
    public Snapshots defaultTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("snapshot timeout must be positive, got " + timeout);
        }
        this.defaultTimeout = timeout;
        return this;
    }

    /** Called with every snapshot assembled here, on the completing thread, after its future. */
    public void onSnapshot(Consumer<GlobalSnapshot<?>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers {@code observer} for the outcome of every snapshot initiated here from now on
     * (metrics, health). Remove it with {@link #unobserve}.
     */
    public void observe(SnapshotObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Removes an observer registered with {@link #observe}; true if it was registered. */
    public boolean unobserve(SnapshotObserver observer) {
        return observers.remove(observer);
    }

    /** Takes a snapshot initiated by {@code processId}, with the default timeout. */
    public <S> CompletableFuture<GlobalSnapshot<S>> initiate(String processId) {
        return initiate(processId, defaultTimeout);
    }

    /**
     * Takes a snapshot initiated by {@code processId}. The state type {@code S} is the type the
     * processes' captures return; it is not checked (mixed types: use {@code Object}).
     *
     * @throws UnknownProcessException if {@code processId} is not in the topology
     */
    public <S> CompletableFuture<GlobalSnapshot<S>> initiate(String processId, Duration timeout) {
        return initiate(processId, backend.nextSnapshotId(), timeout);
    }

    /**
     * Takes a snapshot with a caller-chosen id (ids must never repeat; a repeated id fails the
     * future with {@link SnapshotIdInUseException}).
     */
    @SuppressWarnings("unchecked")
    public <S> CompletableFuture<GlobalSnapshot<S>> initiate(String processId, long snapshotId, Duration timeout) {
        topology.requireProcess(processId, "snapshot initiation");
        CompletableFuture<GlobalSnapshot<?>> future = new CompletableFuture<>();
        synchronized (this) {
            if (pending.containsKey(snapshotId)) {
                return CompletableFuture.failedFuture(new SnapshotIdInUseException(snapshotId, "the snapshot service"));
            }
            pending.put(snapshotId, new Pending(snapshotId, future));
        }
        initiated.incrementAndGet();
        for (SnapshotObserver o : observers) {
            try {
                o.initiated(snapshotId);
            } catch (RuntimeException e) {
                LOG.warn("snapshot observer threw on initiation of {}", snapshotId, e);
            }
        }
        backend.schedule(timeout, () -> timeout(snapshotId, timeout));
        LogicalProcess<?> p = local.apply(processId);
        if (p != null) {
            p.initiate(snapshotId);
        } else if (!backend.initiateRemote(processId, snapshotId)) {
            fail(new SnapshotFailedException(backend.whyUnreachable(processId, snapshotId).orElseGet(() ->
                    SnapshotFailure.ofProcess(snapshotId, FailureReason.PROCESS_LOST, processId,
                            "process " + processId + " is not hosted on any reachable member"))));
        }
        return (CompletableFuture<GlobalSnapshot<S>>) (CompletableFuture<?>) future;
    }

    /** Ids of snapshots initiated here and not yet completed or failed (a copy). */
    public synchronized Set<Long> inFlight() {
        return Set.copyOf(pending.keySet());
    }

    /** Whether {@code snapshotId} was initiated here and is not yet completed or failed. O(1), no copy. */
    public synchronized boolean isInFlight(long snapshotId) {
        return pending.containsKey(snapshotId);
    }

    public Stats stats() {
        return new Stats(initiated.get(), completed.get(), failed.get());
    }

    /**
     * Fails every in-flight snapshot that needs one of {@code processes} (e.g. their member left)
     * with {@code failureFor} applied to its id. Returns the ids failed.
     */
    List<Long> failNeeding(Set<String> processes, LongFunction<SnapshotFailure> failureFor) {
        List<Long> ids;
        synchronized (this) {
            ids = new ArrayList<>();
            for (Pending p : pending.values()) {
                for (String proc : processes) {
                    if (!p.pieces.containsKey(proc)) {
                        ids.add(p.id);
                        break;
                    }
                }
            }
        }
        for (long id : ids) {
            fail(new SnapshotFailedException(failureFor.apply(id)));
        }
        return ids;
    }

    /** A piece reached the central location: assembled if its snapshot is in flight here. Any thread. */
    void onPiece(LocalSnapshot<?> piece, long recordedBytes) {
        Pending p;
        GlobalSnapshot<?> done = null;
        InconsistentCutException error = null;
        synchronized (this) {
            p = pending.get(piece.snapshotId());
            if (p == null) {
                LOG.debug("piece of {} for snapshot {} not assembled here (done, failed or foreign)",
                        piece.processId(), piece.snapshotId());
                return;
            }
            if (p.pieces.putIfAbsent(piece.processId(), piece) != null) {
                LOG.warn("second piece of {} for snapshot {} ignored", piece.processId(), piece.snapshotId());
                return;
            }
            p.recordedBytes = recordedBytes < 0 || p.recordedBytes < 0 ? CoreEndpoint.SIZE_UNKNOWN
                    : p.recordedBytes + recordedBytes;
            if (p.pieces.size() < topology.size()) {
                return;
            }
            pending.remove(p.id);
            try {
                done = assemble(p);
            } catch (InconsistentCutException e) {
                error = e;
            }
        }
        if (error != null) {
            failed.incrementAndGet();
            LOG.error("{}", error.getMessage());
            notifyFailed(error.failure());
            p.future.completeExceptionally(error);
            return;
        }
        completed.incrementAndGet();
        for (SnapshotObserver o : observers) {
            try {
                if (p.recordedBytes >= 0) {
                    o.recordedBytes(p.id, p.recordedBytes);
                }
                o.completed(done);
            } catch (RuntimeException e) {
                LOG.warn("snapshot observer threw on snapshot {}", p.id, e);
            }
        }
        p.future.complete(done);
        try {
            backend.collector().assembled(done);
        } catch (RuntimeException e) {
            LOG.warn("backend could not take note of assembled snapshot {}", p.id, e);
        }
        for (Consumer<GlobalSnapshot<?>> l : listeners) {
            try {
                l.accept(done);
            } catch (RuntimeException e) {
                LOG.warn("snapshot listener threw on snapshot {}", p.id, e);
            }
        }
    }

    /** A process could not record, or its piece could not be carried. Any thread. */
    void onFailure(SnapshotFailure failure) {
        fail(new SnapshotFailedException(failure));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private GlobalSnapshot<?> assemble(Pending p) {
        return GlobalSnapshot.assemble(p.id, topology, (List) new ArrayList<>(p.pieces.values()));
    }

    /**
     * What a snapshot initiated here is waiting for, as this member knows at once: the processes
     * recorded and missing; for the missing ones hosted here that have not finished their part,
     * the channels still awaiting markers; for the channels into missing processes whose sender is
     * hosted here, their backlog. Empty if the snapshot is not in flight here. Any thread;
     * O(processes + channels); never waits for the network ({@link #inspect} asks the other
     * members).
     */
    public Optional<SnapshotProgress> progress(long snapshotId) {
        Set<String> recorded = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        if (!split(snapshotId, recorded, missing)) {
            return Optional.empty();
        }
        HostedProgress here = hostedProgress(snapshotId, missing, channelsInto(missing));
        return Optional.of(new SnapshotProgress(snapshotId, recorded, missing, here.awaitingMarkers(),
                here.backlogs()));
    }

    /**
     * What a snapshot initiated here is waiting for across the cluster: {@link #progress} completed
     * with the answers of the other members for the missing processes they host and the channels
     * into them they send on (within the backend's bound; a member that does not answer leaves its
     * processes reported as not told). Completes with empty if the snapshot is not in flight here;
     * at once on a single-member backend. Never completes exceptionally.
     */
    public CompletableFuture<Optional<SnapshotProgress>> inspect(long snapshotId) {
        Set<String> recorded = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        if (!split(snapshotId, recorded, missing)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Set<ChannelId> channels = channelsInto(missing);
        HostedProgress here = hostedProgress(snapshotId, missing, channels);
        return backend.progressElsewhere(snapshotId, missing, channels)
                .exceptionally(e -> List.of())
                .thenApply(answers -> {
                    Map<String, Set<ChannelId>> awaiting = new HashMap<>(here.awaitingMarkers());
                    Map<ChannelId, ChannelBacklog> backlogs = new HashMap<>(here.backlogs());
                    for (HostedProgress a : answers) {
                        a.awaitingMarkers().forEach((proc, open) -> {
                            if (missing.contains(proc)) {
                                awaiting.putIfAbsent(proc, open);
                            }
                        });
                        a.backlogs().forEach((c, b) -> {
                            if (channels.contains(c)) {
                                backlogs.merge(c, b, ChannelBacklog::plus);
                            }
                        });
                    }
                    Set<String> stillMissing = new LinkedHashSet<>(missing);
                    Set<String> nowRecorded = new LinkedHashSet<>(recorded);
                    synchronized (this) {
                        Pending p = pending.get(snapshotId);
                        if (p != null) {
                            for (String proc : missing) {
                                if (p.pieces.containsKey(proc)) {
                                    stillMissing.remove(proc);
                                    nowRecorded.add(proc);
                                }
                            }
                        }
                    }
                    awaiting.keySet().retainAll(stillMissing);
                    backlogs.keySet().removeIf(c -> !stillMissing.contains(c.to()));
                    return Optional.of(new SnapshotProgress(snapshotId, nowRecorded, stillMissing, awaiting, backlogs));
                });
    }

    /** Splits the topology's processes into those whose piece arrived and the rest; false if not in flight here. */
    private synchronized boolean split(long snapshotId, Set<String> recorded, Set<String> missing) {
        Pending p = pending.get(snapshotId);
        if (p == null) {
            return false;
        }
        for (String proc : topology.processes()) {
            (p.pieces.containsKey(proc) ? recorded : missing).add(proc);
        }
        return true;
    }

    private Set<ChannelId> channelsInto(Set<String> processes) {
        Set<ChannelId> out = new LinkedHashSet<>();
        for (String proc : processes) {
            out.addAll(topology.inbound(proc));
        }
        return out;
    }

    /** This member's part of a progress answer; see {@link CoreEndpoint#hostedProgress}. */
    HostedProgress hostedProgress(long snapshotId, Set<String> processes, Set<ChannelId> channels) {
        Map<String, Set<ChannelId>> awaiting = new HashMap<>();
        for (String proc : processes) {
            LogicalProcess<?> lp = topology.contains(proc) ? local.apply(proc) : null;
            if (lp != null && !lp.hasFinished(snapshotId)) {
                awaiting.put(proc, Set.copyOf(lp.awaitingMarkers(snapshotId)));
            }
        }
        Map<ChannelId, ChannelBacklog> backlogs = new HashMap<>();
        for (ChannelId c : channels) {
            backend.backlog(c).ifPresent(b -> backlogs.put(c, b));
        }
        return new HostedProgress(HERE, awaiting, backlogs);
    }

    private void timeout(long snapshotId, Duration timeout) {
        Optional<SnapshotProgress> now = progress(snapshotId);
        if (now.isEmpty()) {
            return;
        }
        SnapshotProgress p = now.get();
        Set<String> missing = new LinkedHashSet<>();
        for (String proc : topology.processes()) {
            if (p.missing().contains(proc)) {
                missing.add(proc);
            }
        }
        StringBuilder why = new StringBuilder("timed out after " + timeout + "; no local snapshot from " + missing);
        Set<ChannelId> awaited = new LinkedHashSet<>();
        for (String proc : missing) {
            Set<ChannelId> open = p.awaitingMarkers().get(proc);
            if (open != null) {
                awaited.addAll(open);
                why.append("; ").append(proc).append(open.isEmpty()
                        ? " has not received a marker" : " awaits markers on " + new TreeSet<>(open));
            }
        }
        for (ChannelBacklog backlog : p.holdingBack()) {
            why.append("; ").append(backlog.describe());
        }
        fail(new SnapshotTimeoutException(new SnapshotFailure(snapshotId, FailureReason.TIMEOUT, missing, awaited,
                Optional.empty(), why.toString())));
    }

    private void fail(SnapshotFailedException e) {
        Pending p;
        synchronized (this) {
            p = pending.remove(e.snapshotId());
        }
        if (p != null) {
            failed.incrementAndGet();
            LOG.warn("{}", e.getMessage());
            notifyFailed(e.failure());
            p.future.completeExceptionally(e);
        }
    }

    private void notifyFailed(SnapshotFailure failure) {
        try {
            backend.collector().failed(failure);
        } catch (RuntimeException e) {
            LOG.warn("backend could not take note of the failure of snapshot {}", failure.snapshotId(), e);
        }
        for (SnapshotObserver o : observers) {
            try {
                o.failed(failure);
            } catch (RuntimeException e) {
                LOG.warn("snapshot observer threw on failure of {}", failure.snapshotId(), e);
            }
        }
    }

    private static final class Pending {
        final long id;
        final CompletableFuture<GlobalSnapshot<?>> future;
        final Map<String, LocalSnapshot<?>> pieces = new HashMap<>();
        /** Sum of the pieces' encoded sizes so far, or SIZE_UNKNOWN once one piece came without. Guarded by Snapshots. */
        long recordedBytes;

        Pending(long id, CompletableFuture<GlobalSnapshot<?>> future) {
            this.id = id;
            this.future = future;
        }
    }
}
