package io.cutwatch.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.FlakeIdGeneratorConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.ReliableMessageListener;
import io.cutwatch.model.Topology;
import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.ChannelBacklog;
import io.cutwatch.channel.Envelope;
import io.cutwatch.channel.Transport;
import io.cutwatch.runtime.Backend;
import io.cutwatch.runtime.CoreEndpoint;
import io.cutwatch.runtime.HostedProgress;
import io.cutwatch.runtime.ProcessExecutor;
import io.cutwatch.runtime.SnapshotCollector;
import io.cutwatch.snapshot.GlobalSnapshot;
import io.cutwatch.snapshot.FailureReason;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-cluster sibling of the simulator: hosts some processes of a topology on one
 * Hazelcast member and connects them to the processes hosted on the others.
 *
 * <ul>
 *   <li>Channels: one ringbuffer per ordered pair ({@code cutwatch.<ns>.ch.<from>-><to>}, explicit
 *       capacity, no TTL) written by a {@link ChannelSender} (batches, one write in flight, receive
 *       window) and read by a {@link ChannelReader} (long-poll reads, acknowledgements in the IMap
 *       {@code cutwatch.<ns>.acks}). FIFO and loss-free as long as only Cutwatch writes there.
 *       Markers also travel ahead on one {@link MarkerLink} per ordered pair of members (or
 *       directly when both ends are hosted here); their copies in the channel's stream are written
 *       only in front of the channel's next envelope, and the receiving {@link InboundChannel}
 *       hands each envelope over once, in order.</li>
 *   <li>Processes: each runs on a {@link SerialExecutor} over this backend's pool; its host is
 *       registered in the IMap {@code cutwatch.<ns>.placement} (process id -> member UUID).</li>
 *   <li>Central location: local snapshots go to the IMap {@code cutwatch.<ns>.pieces} keyed by
 *       {@link PieceKey}; the member that initiated a snapshot, and only it, hears of each piece
 *       (an entry listener filtered on the piece's assembler, which the snapshot id's member tag
 *       names: the node-id bits of the flake id, mapped to members in {@code cutwatch.<ns>.members}) and assembles; completed snapshots are indexed in
 *       {@code cutwatch.<ns>.snapshots} and kept up to {@link HazelcastOptions#retainSnapshots()}
 *       ({@link SnapshotStore}).</li>
 *   <li>Control: remote initiation requests and local failures travel on the reliable topic
 *       {@code cutwatch.<ns>.control}; snapshot ids come from the flake id generator
 *       {@code cutwatch.<ns>.snapshot-ids}.</li>
 *   <li>Faults: when a member hosting processes leaves, every snapshot in flight fails at once
 *       with a reason naming the member and its processes, and the processes are marked lost: a
 *       marker sent to a lost process fails its snapshot at once, messages to it are dropped.</li>
 * </ul>
 *
 * <p>Threading: thread-safe; process code runs on the serial executors, I/O completions on the
 * pool, Hazelcast listeners on Hazelcast's event threads (they only hand work over).
 */
public final class HazelcastBackend implements Backend, Transport, SnapshotCollector {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastBackend.class);
    private static final long JANITOR_MILLIS = 1_000;
    private static final long FAILED_GRACE_MILLIS = 60_000;
    private static final int SNAPSHOT_ID_PREFETCH = 16;
    private static final long SNAPSHOT_ID_VALIDITY_MILLIS = 1_000;
    /** How long {@link #progressElsewhere} waits for the other members' answers. */
    static final long PROGRESS_ANSWER_MILLIS = 2_000;

    private final HazelcastInstance hz;
    private final Topology topology;
    private final HazelcastOptions options;
    private final String prefix;
    private final String localMember;
    private final WireCodec codec;
    private final ExecutorService pool;
    /** The pool for completions: after close, tasks are dropped instead of rejected. */
    private final java.util.concurrent.Executor io;
    private final ScheduledExecutorService timer;
    /**
     * Runs the janitor, whose cluster calls (the store's trim queries every member) block while a
     * member is paused or unreachable: on a thread of its own so that they never hold up the timer
     * (snapshot timeouts, process timers, window polls).
     */
    private final ScheduledExecutorService housekeeping;
    private final IMap<String, Long> acks;
    private final IMap<String, String> placement;
    private final IMap<PieceKey, StoredPiece> pieces;
    private final IMap<Long, SnapshotInfo> index;
    private final IMap<Long, FailedSnapshot> failures;
    private final ITopic<Object> control;
    private final FlakeIdGenerator ids;
    /** Member tag (the node-id bits of the snapshot ids a member hands out) -> member UUID. */
    private final IMap<Integer, String> tags;
    private final Map<Integer, String> tagCache = new ConcurrentHashMap<>();
    private volatile int tag = -1;
    private final SnapshotStore store;

    private final Map<String, SerialExecutor> executors = new ConcurrentHashMap<>();
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
    private final Map<ChannelId, ChannelSender> senders = new ConcurrentHashMap<>();
    private final Map<String, ChannelSender> sendersByName = new ConcurrentHashMap<>();
    private final Map<ChannelId, ChannelReader> readers = new ConcurrentHashMap<>();
    /** Receiving ends of the channels whose receiver is hosted here. */
    private final Map<ChannelId, InboundChannel> inbounds = new ConcurrentHashMap<>();
    /** Member UUID -> the sender of this member's marker link to it. */
    private final Map<String, ChannelSender> linkSenders = new ConcurrentHashMap<>();
    /** Member UUID -> the reader of its marker link to this member. */
    private final Map<String, MarkerLink> linkReaders = new ConcurrentHashMap<>();
    /** Process id -> hosting member UUID, mirrored from the placement IMap. */
    private final Map<String, String> hosts = new ConcurrentHashMap<>();
    /** Lost process -> why. */
    private final Map<String, LostProcess> lost = new ConcurrentHashMap<>();
    /** Snapshot ids handed out here -> when. */
    private final Map<Long, Long> initiatedHere = new ConcurrentHashMap<>();
    private final Set<Long> completedHere = ConcurrentHashMap.newKeySet();
    /** Pieces published by this member's processes for snapshots assembled here; their entry events are skipped. */
    private final Set<PieceKey> ownPieces = ConcurrentHashMap.newKeySet();
    /** Ids seen neither in flight nor completed by the last janitor round (only the janitor's thread). */
    private final Set<Long> suspects = new java.util.HashSet<>();
    /** Failed snapshot id -> until when late pieces are deleted on arrival. */
    private final Map<Long, Long> recentlyFailed = new ConcurrentHashMap<>();
    private final List<Runnable> deregistrations = new ArrayList<>();
    private final AtomicLong undeliverable = new AtomicLong();
    private final AtomicLong rejectedControl = new AtomicLong();
    /** Progress queries asked from here, by query id, until answered or timed out. */
    private final Map<Long, ProgressQueryState> queries = new ConcurrentHashMap<>();

    /** The core of this member, bound once before any process starts. */
    private volatile CoreEndpoint core;
    private volatile boolean closed;
    /** The acknowledgement listener, filtered to this member's senders; replaced as processes start. */
    private volatile UUID ackRegistration;
    private final java.util.concurrent.atomic.AtomicBoolean trimDue = new java.util.concurrent.atomic.AtomicBoolean();

    /** Prefer {@link HazelcastCutwatch}; this constructor is for custom wiring. */
    public HazelcastBackend(HazelcastInstance hz, Topology topology, HazelcastOptions options) {
        this.hz = hz;
        this.topology = topology;
        this.options = options;
        this.prefix = "cutwatch." + options.namespace() + ".";
        this.localMember = hz.getCluster().getLocalMember().getUuid().toString();
        requireSameTopology(hz, prefix, options.namespace(), topology);
        AsyncCallbackThreads.install();
        this.codec = new WireCodec(hz);
        this.pool = Executors.newFixedThreadPool(options.threads(), daemon("cutwatch-" + options.namespace()));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("cutwatch-" + options.namespace() + "-timer"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                daemon("cutwatch-" + options.namespace() + "-janitor"));
        this.io = this::runOnPool;
        configureRingbuffers();
        configureSnapshotIds();
        this.acks = hz.getMap(prefix + "acks");
        this.placement = hz.getMap(prefix + "placement");
        this.pieces = hz.getMap(prefix + "pieces");
        this.index = hz.getMap(prefix + "snapshots");
        this.failures = hz.getMap(prefix + "failures");
        this.control = hz.getReliableTopic(prefix + "control");
        this.ids = hz.getFlakeIdGenerator(prefix + "snapshot-ids");
        this.tags = hz.getMap(prefix + "members");
        registerTag(ids.newId());
        this.store = new SnapshotStore(this);
        listen();
        housekeeping.scheduleWithFixedDelay(this::janitor, JANITOR_MILLIS, JANITOR_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- wiring ----

    /**
     * The first member of a namespace records its topology's fingerprint (IMap
     * {@code cutwatch.<ns>.topology}); a later member with another topology is refused before it
     * starts anything, with both topologies described.
     */
    private static void requireSameTopology(HazelcastInstance hz, String prefix, String namespace, Topology topology) {
        String mine = fingerprint(topology);
        IMap<String, String> map = hz.getMap(prefix + "topology");
        String running = map.putIfAbsent("fingerprint", mine);
        if (running != null && !running.equals(mine)) {
            throw new TopologyMismatchException(namespace, running, mine);
        }
    }

    /** {@code Topology[a, b, c] with 6 channels (#1a2b3c4d)}: the processes in order, and a hash of the channels. */
    static String fingerprint(Topology topology) {
        List<String> channels = new ArrayList<>();
        for (ChannelId c : topology.channels()) {
            channels.add(c.toString());
        }
        java.util.Collections.sort(channels);
        return topology + String.format(" (#%08x)", (topology.processes().toString() + channels).hashCode());
    }

    /**
     * Snapshot ids must grow roughly with time at every member: each process's engine refuses an
     * id below its horizon (the smallest of the last {@code ChandyLamport.DEFAULT_REMEMBERED_IDS}
     * finished ids). Hazelcast's default prefetch (100 ids, valid 10 minutes) could hand out an id
     * minutes old; a short validity and a small batch keep every id handed out at most a second old.
     */
    private void configureSnapshotIds() {
        String name = prefix + "snapshot-ids";
        try {
            hz.getConfig().addFlakeIdGeneratorConfig(new FlakeIdGeneratorConfig(name)
                    .setPrefetchCount(SNAPSHOT_ID_PREFETCH).setPrefetchValidityMillis(SNAPSHOT_ID_VALIDITY_MILLIS));
        } catch (InvalidConfigurationException e) {
            throw new IllegalStateException("the cluster already has another flake id generator config for " + name
                    + " (" + e.getMessage() + "); leave it to Cutwatch", e);
        }
    }

    private void configureRingbuffers() {
        String pattern = prefix + "ch.*";
        RingbufferConfig wanted = new RingbufferConfig(pattern)
                .setCapacity(options.ringbufferCapacity())
                .setTimeToLiveSeconds(0)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY);
        try {
            hz.getConfig().addRingBufferConfig(wanted);
        } catch (InvalidConfigurationException e) {
            throw new IllegalStateException("the cluster already has another ringbuffer config for " + pattern
                    + " (" + e.getMessage() + "); every member of namespace '" + options.namespace()
                    + "' must use the same ringbufferCapacity (" + options.ringbufferCapacity() + ")", e);
        }
        int actual = hz.getConfig().getRingbufferConfig(prefix + "ch.a->b").getCapacity();
        if (actual != options.ringbufferCapacity()) {
            throw new IllegalStateException("channel ringbuffers of namespace '" + options.namespace() + "' have capacity "
                    + actual + " in the cluster config, not " + options.ringbufferCapacity()
                    + "; align the member config with the Cutwatch options");
        }
    }

    private void listen() {
        deregistrations.add(() -> {
            UUID reg = ackRegistration;
            if (reg != null) {
                acks.removeEntryListener(reg);
            }
        });
        UUID placementReg = placement.addEntryListener(new PlacementListener(), true);
        deregistrations.add(() -> placement.removeEntryListener(placementReg));
        for (Map.Entry<String, String> e : placement.entrySet()) {
            hosts.putIfAbsent(e.getKey(), e.getValue());
        }
        // Only the pieces this member assembles (or whose assembler was unknown) reach it.
        UUID pieceReg = pieces.addEntryListener((EntryAddedListener<PieceKey, StoredPiece>) this::onPieceEvent,
                com.hazelcast.query.Predicates.in("assembler", localMember, ""), true);
        deregistrations.add(() -> pieces.removeEntryListener(pieceReg));
        UUID controlReg = control.addMessageListener(new ControlListener());
        deregistrations.add(() -> control.removeMessageListener(controlReg));
        UUID memberReg = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                runOnPool(() -> {
                    if (!closed && !receivers.isEmpty()) {
                        ensureLinks();
                        listenToAcks();
                    }
                });
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                onMemberRemoved(event.getMember());
            }
        });
        deregistrations.add(() -> hz.getCluster().removeMembershipListener(memberReg));
        UUID lifecycleReg = hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                LOG.info("namespace '{}': member {} is shutting down; its processes stop", options.namespace(),
                        localMember);
                stopQuietly();
            }
        });
        deregistrations.add(() -> hz.getLifecycleService().removeLifecycleListener(lifecycleReg));
    }

    /** The member is going away: stop reading, writing and running tasks without further cluster calls. */
    private void stopQuietly() {
        closed = true;
        readers.values().forEach(ChannelReader::close);
        senders.values().forEach(ChannelSender::close);
        linkReaders.values().forEach(MarkerLink::close);
        linkSenders.values().forEach(ChannelSender::close);
        timer.shutdownNow();
        housekeeping.shutdownNow();
        pool.shutdownNow();
    }

    // ---- Backend ----

    @Override
    public void bind(CoreEndpoint endpoint) {
        if (this.core != null) {
            throw new IllegalStateException("this backend of namespace '" + options.namespace()
                    + "' is already bound to a Cutwatch; create one backend per Cutwatch");
        }
        this.core = Objects.requireNonNull(endpoint, "core");
    }

    @Override
    public Transport transport() {
        return this;
    }

    @Override
    public ProcessExecutor executor(String processId) {
        topology.requireProcess(processId, "executor on member " + localMember);
        return executors.computeIfAbsent(processId, id -> new SerialExecutor(id, pool, timer));
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            timer.schedule(() -> runOnPool(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("timer task dropped, the backend is closed");
        }
    }

    @Override
    public SnapshotCollector collector() {
        return this;
    }

    @Override
    public long nextSnapshotId() {
        long id = ids.newId();
        if (tagOf(id) != tag) {
            registerTag(id);
        }
        initiatedHere.put(id, System.currentTimeMillis());
        return id;
    }

    /** The member tag of snapshot id {@code id}: the flake id's node-id bits, the same for every id a member hands out. */
    private static int tagOf(long id) {
        return (int) (id & 0xFFFF);
    }

    /** Records that snapshot ids tagged like {@code id} are assembled by this member. */
    private void registerTag(long id) {
        int t = tagOf(id);
        tags.set(t, localMember);
        tagCache.put(t, localMember);
        tag = t;
    }

    /** UUID of the member that assembles {@code snapshotId}, or "" if unknown. */
    private String assemblerOf(long snapshotId) {
        int t = tagOf(snapshotId);
        String m = tagCache.get(t);
        if (m == null) {
            m = tags.get(t);
            if (m == null) {
                return "";
            }
            tagCache.put(t, m);
        }
        return m;
    }

    @Override
    public Random randomFor(String processId, int index) {
        return new Random(options.seed() * 1_000_003L + index);
    }

    @Override
    public boolean initiateRemote(String processId, long snapshotId) {
        String host = hosts.get(processId);
        if (host == null || lost.containsKey(processId) || !isAlive(host)) {
            return false;
        }
        control.publishAsync(new InitiateRequest(snapshotId, processId, localMember));
        return true;
    }

    /** A process lost with its member: the failure names the member that left. */
    @Override
    public java.util.Optional<SnapshotFailure> whyUnreachable(String processId, long snapshotId) {
        LostProcess loss = lost.get(processId);
        return loss == null ? java.util.Optional.empty() : java.util.Optional.of(loss.failure(snapshotId));
    }

    // ---- Transport ----

    @Override
    public void register(String processId, Receiver receiver) {
        topology.requireProcess(processId, "registration on member " + localMember);
        String previous = placement.putIfAbsent(processId, localMember);
        if (previous != null && !previous.equals(localMember)) {
            if (isAlive(previous)) {
                throw new ProcessAlreadyHostedException(processId, options.namespace(), previous);
            }
            placement.put(processId, localMember);
        }
        hosts.put(processId, localMember);
        if (receivers.putIfAbsent(processId, receiver) != null) {
            throw new IllegalStateException("process " + processId + " is already registered on member " + localMember);
        }
        SerialExecutor exec = (SerialExecutor) executor(processId);
        for (ChannelId c : topology.outbound(processId)) {
            ChannelSender s = new ChannelSender(c, channelName(c), hz.getRingbuffer(channelName(c)), acks, codec, io,
                    timer, options.ringbufferCapacity(), options.maxBatch(), options.windowPollMillis(), exec,
                    options.maxBacklog());
            senders.put(c, s);
            sendersByName.put(channelName(c), s);
        }
        for (ChannelId c : topology.inbound(processId)) {
            InboundChannel in = new InboundChannel(c, receiver);
            inbounds.put(c, in);
            ChannelReader r = new ChannelReader(c, channelName(c), hz.getRingbuffer(channelName(c)), acks, codec,
                    in, exec, io, timer, options.maxRead(), options.ackEvery());
            readers.put(c, r);
            r.start();
        }
        ensureLinks();
        listenToAcks();
    }

    /** A marker link to and from every other member of the cluster (idempotent). */
    private synchronized void ensureLinks() {
        for (Member m : hz.getCluster().getMembers()) {
            String other = m.getUuid().toString();
            if (other.equals(localMember) || closed) {
                continue;
            }
            if (!linkSenders.containsKey(other)) {
                String out = MarkerLink.name(prefix, localMember, other);
                ChannelSender s = new ChannelSender(null, out, hz.getRingbuffer(out), acks,
                        batch -> MarkerLink.encode(localMember, topology, batch), io, timer, options.ringbufferCapacity(),
                        options.maxBatch(), options.windowPollMillis(), null, 0).flushingFromPool();
                sendersByName.put(out, s);
                linkSenders.put(other, s);
            }
            if (!linkReaders.containsKey(other)) {
                String in = MarkerLink.name(prefix, other, localMember);
                MarkerLink r = new MarkerLink(in, hz.getRingbuffer(in), acks, topology, inbounds::get, io, timer,
                        options.maxRead(), options.ackEvery());
                linkReaders.put(other, r);
                r.start();
            }
        }
    }

    /**
     * Sends an early copy of {@code marker} to its receiver, directly if it is hosted here or on
     * the marker link to its member; false if its member is not known yet, or if its channel is
     * busy (then the marker only goes through its channel, in the write that is due anyway: an
     * early copy would only wait at the receiver for the envelopes ahead of it).
     */
    private boolean sendEarly(Envelope marker, ChannelSender channel) {
        ChannelId c = marker.channel();
        String host = hosts.get(c.to());
        if (host == null) {
            return false;
        }
        if (host.equals(localMember)) {
            InboundChannel in = inbounds.get(c);
            if (in == null) {
                return false;
            }
            Boolean was = SerialExecutor.DELIVERING.get();
            SerialExecutor.DELIVERING.set(Boolean.TRUE);
            try {
                in.fromLink(marker);
            } finally {
                SerialExecutor.DELIVERING.set(was);
            }
            return true;
        }
        ChannelSender link = linkSenders.get(host);
        if (link == null || !channel.idle()) {
            return false;
        }
        link.send(marker);
        return true;
    }

    /**
     * (Re-)registers the acknowledgement listener so that this member only hears about the
     * channels it sends on (the filter runs where the entries live). The new registration is in
     * place before the old one goes; an acknowledgement missed meanwhile is caught by the
     * sender's poll.
     */
    private synchronized void listenToAcks() {
        if (sendersByName.isEmpty()) {
            return;
        }
        UUID old = ackRegistration;
        ackRegistration = acks.addEntryListener(new AckListener(),
                com.hazelcast.query.Predicates.in("__key", sendersByName.keySet().toArray(new String[0])), true);
        if (old != null) {
            acks.removeEntryListener(old);
        }
    }

    @Override
    public void send(Envelope envelope) {
        ChannelId c = envelope.channel();
        LostProcess gone = lost.get(c.to());
        if (gone != null) {
            undeliverable.incrementAndGet();
            if (envelope.isMarker()) {
                publishFailure(gone.failure(envelope.snapshotId()));
            }
            return;
        }
        ChannelSender s = senders.get(c);
        if (s == null) {
            throw new IllegalStateException("channel " + c + " has no sender on member " + localMember + ": process "
                    + c.from() + " is not hosted here");
        }
        if (envelope.isMarker() && sendEarly(envelope, s)) {
            s.sendLazily(envelope);
        } else {
            s.send(envelope);
        }
    }

    // ---- SnapshotCollector ----

    @Override
    public void publish(LocalSnapshot<?> piece) {
        StoredPiece sp;
        try {
            sp = codec.encodePiece(piece, this::receivedOn).assembledBy(assemblerOf(piece.snapshotId()));
        } catch (RuntimeException e) {
            publishFailure(SnapshotFailure.ofProcess(piece.snapshotId(), FailureReason.PIECE_NOT_STORED,
                    piece.processId(), "the local snapshot of " + piece.processId() + " cannot be serialized: " + e));
            return;
        }
        PieceKey key = new PieceKey(piece.snapshotId(), piece.processId());
        // Assembled here: hand the piece over as recorded once it is stored, and skip its entry
        // event (decoding our own bytes again would only produce an equal copy).
        CoreEndpoint c = core;
        boolean assembleHere = c != null && c.assemblesHere(piece.snapshotId());
        if (assembleHere) {
            ownPieces.add(key);
        }
        pieces.setAsync(key, sp).whenCompleteAsync((v, err) -> {
            if (err != null) {
                ownPieces.remove(key);
                if (!closed) {
                    LOG.error("local snapshot of {} for snapshot {} could not be stored", piece.processId(),
                            piece.snapshotId(), err);
                    publishFailure(SnapshotFailure.ofProcess(piece.snapshotId(), FailureReason.PIECE_NOT_STORED,
                            piece.processId(), "the local snapshot of " + piece.processId() + " could not be stored: "
                            + err));
                }
                return;
            }
            if (assembleHere && !closed) {
                c.pieceArrived(piece, sp.recordedBytes());
            }
        }, io);
    }

    @Override
    public void publishFailure(SnapshotFailure failure) {
        control.publishAsync(FailureNotice.of(failure, localMember));
    }

    // ---- public views ----

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public HazelcastOptions options() {
        return options;
    }

    public Topology topology() {
        return topology;
    }

    /** The central snapshot store of this namespace. */
    public SnapshotStore store() {
        return store;
    }

    /** UUID of the member hosting {@code processId}, if known. */
    public java.util.Optional<String> hostOf(String processId) {
        return java.util.Optional.ofNullable(hosts.get(processId));
    }

    /** Processes whose member left, with the reason; snapshots of this Cutwatch fail while any exist. */
    public Map<String, String> lostProcesses() {
        Map<String, String> out = new TreeMap<>();
        lost.forEach((p, loss) -> out.put(p, loss.reason()));
        return Map.copyOf(out);
    }

    /**
     * Destroys every Hazelcast structure of this backend's namespace (channel ringbuffers,
     * acknowledgements, placement, snapshot store, control topic, id generator) cluster-wide.
     * Call it after every member's Cutwatch of the namespace is closed, to reuse the namespace or
     * free memory; a namespace whose structures still hold an earlier run's items must not be
     * reused (receivers would read the old items and report sequence faults).
     */
    public static void destroy(HazelcastInstance hz, String namespace, Topology topology) {
        String p = "cutwatch." + namespace + ".";
        for (ChannelId c : topology.channels()) {
            hz.getRingbuffer(p + "ch." + c.from() + "->" + c.to()).destroy();
        }
        for (com.hazelcast.core.DistributedObject o : hz.getDistributedObjects()) {
            if (o instanceof Ringbuffer<?> && o.getName().startsWith(p + MarkerLink.NAME_PART)) {
                o.destroy();
            }
        }
        hz.getMap(p + "acks").destroy();
        hz.getMap(p + "placement").destroy();
        hz.getMap(p + "pieces").destroy();
        hz.getMap(p + "members").destroy();
        hz.getMap(p + "snapshots").destroy();
        hz.getMap(p + "failures").destroy();
        hz.getMap(p + "topology").destroy();
        hz.getReliableTopic(p + "control").destroy();
        hz.getFlakeIdGenerator(p + "snapshot-ids").destroy();
    }

    /** The ringbuffer name of {@code channel}. */
    public String channelName(ChannelId channel) {
        return prefix + "ch." + channel.from() + "->" + channel.to();
    }

    /**
     * What waits on {@code channel}, on the sides hosted here: the sender's backlog and the items it
     * has not heard acknowledged; the items the reader handed to the process that it has not handled.
     */
    @Override
    public java.util.Optional<ChannelBacklog> backlog(ChannelId channel) {
        ChannelSender s = senders.get(channel);
        ChannelReader r = readers.get(channel);
        if (s == null && r == null) {
            return java.util.Optional.empty();
        }
        long queued = 0;
        long unacknowledged = 0;
        long unprocessed = 0;
        if (s != null) {
            ChannelStats st = s.stats();
            queued = st.backlog();
            unacknowledged = st.lastPublished() < 0 ? 0 : Math.max(0, st.lastPublished() - st.acknowledged());
        }
        if (r != null) {
            unprocessed = r.unprocessedItems();
        }
        return java.util.Optional.of(new ChannelBacklog(channel, queued, unacknowledged, unprocessed));
    }

    /**
     * Asks the other members on the control topic ({@link ProgressQuery}) and completes with the
     * {@link ProgressAnswer}s of those that answered within {@link #PROGRESS_ANSWER_MILLIS}, or as
     * soon as every other member answered.
     */
    @Override
    public CompletableFuture<List<HostedProgress>> progressElsewhere(long snapshotId, Set<String> processes,
                                                                     Set<ChannelId> channels) {
        Set<String> others = ConcurrentHashMap.newKeySet();
        if (!closed) {
            for (Member m : hz.getCluster().getMembers()) {
                String uuid = m.getUuid().toString();
                if (!uuid.equals(localMember)) {
                    others.add(uuid);
                }
            }
        }
        if (others.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        long queryId = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        ProgressQueryState q = new ProgressQueryState(others);
        queries.put(queryId, q);
        q.done.whenComplete((v, e) -> queries.remove(queryId));
        try {
            timer.schedule(q::finish, PROGRESS_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
            control.publishAsync(ProgressQuery.of(queryId, snapshotId, processes, channels, localMember))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.debug("progress query for snapshot {} not published: {}", snapshotId, e.toString());
                            q.finish();
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("progress query for snapshot {} not sent: {}", snapshotId, e.toString());
            q.finish();
        }
        return q.done;
    }

    /** Answers collected for one progress query; completes once every member asked answered, or at the bound. */
    private static final class ProgressQueryState {
        final Set<String> awaited;
        final List<HostedProgress> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<List<HostedProgress>> done = new CompletableFuture<>();

        ProgressQueryState(Set<String> awaited) {
            this.awaited = awaited;
        }

        void answer(HostedProgress p) {
            if (awaited.remove(p.member())) {
                answers.add(p);
                if (awaited.isEmpty()) {
                    finish();
                }
            }
        }

        void finish() {
            done.complete(List.copyOf(answers));
        }
    }

    /** Counters of every channel with an end on this member, sorted by channel. */
    public List<ChannelStats> channelStats() {
        Map<ChannelId, ChannelStats> out = new TreeMap<>();
        for (ChannelSender s : senders.values()) {
            ChannelStats st = s.stats();
            out.put(st.channel(), st);
        }
        for (ChannelReader r : readers.values()) {
            ChannelStats rs = r.stats();
            ChannelStats ss = out.get(rs.channel());
            out.put(rs.channel(), ss == null ? rs : new ChannelStats(rs.channel(), rs.ringbuffer(), ss.envelopesSent(),
                    ss.itemsPublished(), ss.backlog(), ss.maxBacklog(), ss.windowStalls(), ss.lastPublished(),
                    rs.acknowledged(), rs.itemsRead(), rs.envelopesDelivered(), rs.rejected(), rs.lostItems()));
        }
        return List.copyOf(out.values());
    }

    /** Whether {@code processId} (hosted here) is held back by the backlog of one of its channels. */
    public boolean heldBack(String processId) {
        SerialExecutor e = executors.get(processId);
        return e != null && e.heldBack();
    }

    /** Local actions of {@code processId} (hosted here) waiting for its channels' backlog to drain. */
    public int heldTasks(String processId) {
        SerialExecutor e = executors.get(processId);
        return e == null ? 0 : e.heldTasks();
    }

    /** Envelopes dropped because their addressee was lost with its member. */
    public long undeliverable() {
        return undeliverable.get();
    }

    /** Messages on the control topic that were not Cutwatch control messages. */
    public long rejectedControlMessages() {
        return rejectedControl.get();
    }

    /** Stops this member's processes and channel ends of this namespace; the Hazelcast instance keeps running. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.values().forEach(ChannelReader::close);
        senders.values().forEach(ChannelSender::close);
        linkReaders.values().forEach(MarkerLink::close);
        linkSenders.values().forEach(ChannelSender::close);
        if (hz.getLifecycleService().isRunning()) {
            for (Runnable r : deregistrations) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.debug("deregistration failed: {}", e.toString());
                }
            }
            for (String p : receivers.keySet()) {
                try {
                    placement.remove(p, localMember);
                } catch (RuntimeException e) {
                    LOG.debug("placement of {} not removed: {}", p, e.toString());
                }
            }
        }
        timer.shutdownNow();
        housekeeping.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    // ---- internals ----

    IMap<PieceKey, StoredPiece> pieces() {
        return pieces;
    }

    IMap<Long, FailedSnapshot> failures() {
        return failures;
    }

    IMap<Long, SnapshotInfo> index() {
        return index;
    }

    WireCodec codec() {
        return codec;
    }

    /** Test-only hook: holds or releases the reader of incoming channel {@code c} (see ChannelReader). */
    void holdReaderForTest(ChannelId c, boolean hold) {
        ChannelReader r = readers.get(c);
        if (r == null) {
            throw new IllegalArgumentException("no reader for " + c + " on this member");
        }
        r.holdForTest(hold);
    }

    /** The kept payload bytes of incoming channel {@code c} of a process hosted here, or null. */
    private ReceivedPayloads receivedOn(ChannelId c) {
        ChannelReader r = readers.get(c);
        return r == null ? null : r.received();
    }

    private boolean isAlive(String memberUuid) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(memberUuid)) {
                return true;
            }
        }
        return false;
    }

    private void runOnPool(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("task dropped, the backend is closed");
        }
    }

    /**
     * A piece was stored. Only the assembling member hears of it (the listener's predicate on
     * {@link StoredPiece#assembler()} runs where the entry lives; the assembler is known from the
     * snapshot id's member tag), with its value: one write and one event, instead of an event to
     * every member or a key-only event plus a read.
     */
    private void onPieceEvent(com.hazelcast.core.EntryEvent<PieceKey, StoredPiece> event) {
        PieceKey key = event.getKey();
        long sid = key.snapshotId();
        if (recentlyFailed.containsKey(sid)) {
            ownPieces.remove(key);
            pieces.deleteAsync(key);
            return;
        }
        if (ownPieces.remove(key)) {
            return;
        }
        CoreEndpoint c = core;
        if (c == null || closed || !c.assemblesHere(sid)) {
            return;
        }
        io.execute(() -> {
            LocalSnapshot<Object> piece;
            long bytes;
            try {
                StoredPiece sp = event.getValue();
                if (sp == null) {
                    throw new MalformedWireException("stored piece without a value");
                }
                piece = codec.decodePiece(sp, topology);
                bytes = sp.recordedBytes();
            } catch (RuntimeException e) {
                c.failureArrived(SnapshotFailure.ofProcess(sid, FailureReason.PIECE_NOT_STORED, key.processId(),
                        "the stored local snapshot of " + key.processId() + " is malformed: " + e.getMessage()));
                return;
            }
            c.pieceArrived(piece, bytes);
        });
    }

    /**
     * A snapshot assembled here failed: kept in the cluster's failure history, written from the
     * janitor's thread. Not from the caller's: the first {@link FailedSnapshot} a member writes has
     * its Compact schema replicated to every member first, which waits for all of them (a paused
     * one too), and the caller is about to fail the snapshot's future.
     */
    @Override
    public void failed(SnapshotFailure failure) {
        try {
            housekeeping.execute(() -> keepFailure(failure));
        } catch (RejectedExecutionException e) {
            LOG.debug("failure of snapshot {} not kept: the backend is closed", failure.snapshotId());
        }
    }

    private void keepFailure(SnapshotFailure failure) {
        try {
            failures.setAsync(failure.snapshotId(), new FailedSnapshot(failure.snapshotId(), System.currentTimeMillis(),
                    localMember, FailureNotice.of(failure, localMember))).whenComplete((v, err) -> {
                        if (err == null) {
                            trimDue.set(true);
                        } else if (!closed) {
                            LOG.debug("failure of snapshot {} not kept: {}", failure.snapshotId(), err.toString());
                        }
                    });
        } catch (HazelcastInstanceNotActiveException e) {
            LOG.debug("failure of snapshot {} not kept: member shutting down", failure.snapshotId());
        }
    }

    @Override
    public void assembled(GlobalSnapshot<?> snapshot) {
        completedHere.add(snapshot.id());
        try {
            // Asynchronous: a pool thread (which runs processes) never waits for the cluster here.
            index.setAsync(snapshot.id(), new SnapshotInfo(snapshot.id(), System.currentTimeMillis(), localMember,
                    topology.size())).whenComplete((v, err) -> {
                        if (err == null) {
                            trimDue.set(true);
                        } else if (!closed) {
                            LOG.debug("snapshot {} not indexed: {}", snapshot.id(), err.toString());
                        }
                    });
        } catch (HazelcastInstanceNotActiveException e) {
            LOG.debug("snapshot {} not indexed: member shutting down", snapshot.id());
        }
    }

    private void onMemberRemoved(Member member) {
        String uuid = member.getUuid().toString();
        ChannelSender link = linkSenders.remove(uuid);
        if (link != null) {
            link.close();
            sendersByName.values().remove(link);
        }
        // The reader of its link to this member stays: markers it wrote before leaving are backed
        // up in the link's ringbuffer and still due.
        Set<String> gone = new TreeSet<>();
        for (Map.Entry<String, String> e : hosts.entrySet()) {
            if (e.getValue().equals(uuid)) {
                gone.add(e.getKey());
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        LostProcess loss = new LostProcess(uuid + " (" + member.getAddress() + ")", Set.copyOf(gone));
        String reason = loss.reason();
        for (String p : gone) {
            lost.put(p, loss);
            for (ChannelId c : topology.inbound(p)) {
                ChannelSender s = senders.get(c);
                if (s != null) {
                    s.close();
                }
            }
        }
        LOG.warn("namespace '{}': {}; snapshots in flight fail, and so will later ones until the application drops"
                + " these processes (see docs)", options.namespace(), reason);
        CoreEndpoint c = core;
        if (c != null) {
            // Every snapshot still in flight: even one that has the lost processes' pieces may await
            // markers they wrote but their member never flushed.
            c.processesLost(Set.copyOf(topology.processes()), loss::failure);
        }
    }

    private void janitor() {
        try {
            CoreEndpoint c = core;
            if (c == null || closed) {
                return;
            }
            long now = System.currentTimeMillis();
            Set<Long> inFlight = c.assemblingHere();
            for (Map.Entry<Long, Long> e : initiatedHere.entrySet()) {
                long id = e.getKey();
                if (inFlight.contains(id) || now - e.getValue() < JANITOR_MILLIS) {
                    continue;
                }
                if (completedHere.remove(id)) {
                    initiatedHere.remove(id);
                    suspects.remove(id);
                } else if (suspects.remove(id)) {
                    // Not in flight and not completed for two janitor rounds: it failed.
                    initiatedHere.remove(id);
                    recentlyFailed.put(id, now + FAILED_GRACE_MILLIS);
                    for (String p : topology.processes()) {
                        pieces.deleteAsync(new PieceKey(id, p));
                    }
                } else {
                    // It may have completed a moment ago, its completion listener not yet run.
                    suspects.add(id);
                }
            }
            recentlyFailed.values().removeIf(until -> until < now);
            // Entry events that never came (e.g. a listener registered late) leave no trace.
            ownPieces.removeIf(k -> !inFlight.contains(k.snapshotId()));
            if (trimDue.getAndSet(false)) {
                store.trim();
                store.trimFailures();
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.debug("janitor: {}", e.toString());
            }
        }
    }

    /** Processes lost with their member: the failure every snapshot that needs them gets. */
    private record LostProcess(String member, Set<String> processes) {
        String reason() {
            return "member " + member + " left the cluster; processes " + processes + " were hosted there";
        }

        SnapshotFailure failure(long snapshotId) {
            return new SnapshotFailure(snapshotId, FailureReason.MEMBER_LOST, processes, Set.of(),
                    java.util.Optional.of(member), reason());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- listeners ----

    private final class AckListener implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, Long> e) {
            onAck(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, Long> e) {
            onAck(e.getKey(), e.getValue());
        }

        private void onAck(String channelName, Long item) {
            if (item == null) {
                return;
            }
            ChannelSender s = sendersByName.get(channelName);
            if (s != null) {
                s.onAck(item);
            }
        }
    }

    private final class PlacementListener implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {
        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> e) {
            hosts.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> e) {
            hosts.put(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> e) {
            hosts.remove(e.getKey(), e.getOldValue());
        }
    }

    /** Answers another member's progress query (every member answers, so the asker need not wait for the bound). */
    private void answer(ProgressQuery q, CoreEndpoint c) {
        if (c == null || closed || localMember.equals(q.fromMember()) || q.fromMember() == null) {
            return;
        }
        HostedProgress here;
        try {
            here = c.hostedProgress(q.snapshotId(), q.processesIn(topology), q.channelsIn(topology));
        } catch (MalformedWireException e) {
            rejectedControl.incrementAndGet();
            LOG.warn("control topic {}control: {} (from member {}) rejected", prefix, e.getMessage(), q.fromMember());
            return;
        }
        try {
            control.publishAsync(ProgressAnswer.of(q.queryId(), q.fromMember(), here, localMember));
        } catch (RuntimeException e) {
            LOG.debug("progress answer to member {} not sent: {}", q.fromMember(), e.toString());
        }
    }

    private final class ControlListener implements ReliableMessageListener<Object> {
        @Override
        public void onMessage(Message<Object> message) {
            Object o = message.getMessageObject();
            CoreEndpoint c = core;
            if (o instanceof InitiateRequest r) {
                if (c != null && receivers.containsKey(r.processId())) {
                    SerialExecutor.DELIVERING.set(Boolean.TRUE);
                    try {
                        c.initiateAt(r.processId(), r.snapshotId());
                    } finally {
                        SerialExecutor.DELIVERING.set(Boolean.FALSE);
                    }
                }
            } else if (o instanceof ProgressQuery q) {
                answer(q, c);
            } else if (o instanceof ProgressAnswer a) {
                if (!localMember.equals(a.toMember())) {
                    return;
                }
                ProgressQueryState state = queries.get(a.queryId());
                if (state == null) {
                    return;
                }
                try {
                    state.answer(a.toProgress(topology));
                } catch (MalformedWireException e) {
                    rejectedControl.incrementAndGet();
                    LOG.warn("control topic {}control: {} rejected", prefix, e.getMessage());
                }
            } else if (o instanceof FailureNotice n) {
                SnapshotFailure f;
                try {
                    f = n.toFailure();
                } catch (MalformedWireException e) {
                    rejectedControl.incrementAndGet();
                    LOG.warn("control topic {}control: {} (from member {}) rejected", prefix, e.getMessage(),
                            n.fromMember());
                    return;
                }
                if (c != null) {
                    c.failureArrived(f);
                }
            } else {
                rejectedControl.incrementAndGet();
                LOG.warn("control topic {}control: foreign message of type {} rejected", prefix,
                        o == null ? "null" : o.getClass().getName());
            }
        }

        @Override
        public long retrieveInitialSequence() {
            return -1;
        }

        @Override
        public void storeSequence(long sequence) {
        }

        @Override
        public boolean isLossTolerant() {
            return true;
        }

        @Override
        public boolean isTerminal(Throwable failure) {
            rejectedControl.incrementAndGet();
            LOG.warn("control topic {}control: message rejected: {}", prefix, failure.toString());
            return false;
        }
    }
}
