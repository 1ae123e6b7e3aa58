package io.cutwatch.metrics.hazelcast;

import io.cutwatch.Cutwatch;
import io.cutwatch.hazelcast.ChannelStats;
import io.cutwatch.hazelcast.HazelcastBackend;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.metrics.HealthReport;
import io.cutwatch.model.ChannelId;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Channel meters of a Cutwatch on Hazelcast, read from {@link HazelcastBackend#channelStats()}:
 * envelopes sent and delivered, backlog, window-full waits, rejected and lost items, processes
 * held back, lost processes and undeliverable envelopes.
 *
 * <p>Cardinality stays bounded: while the topology has at most {@code maxChannels} channels the
 * channel meters carry a {@code channel} tag ({@code "a->b"}) for each channel with an end on
 * this member; above it they carry a {@code process} tag instead, summing the sending side
 * (sent, backlog, window waits) over the process's outgoing channels and the receiving side
 * (delivered, rejected, lost) over its incoming ones, for the processes hosted here.
 *
 * <pre>{@code
 * ChannelMeters channels = ChannelMeters.bind(registry, cw);   // after starting this member's processes
 * }</pre>
 *
 * <p>Channel statistics are read at most once per {@code statsMaxAge} (one second by default)
 * however many meters a scrape reads. Processes started after binding get their meters from
 * {@link #refresh()}. {@link #close()} removes every meter. Thread-safe.
 */
public final class ChannelMeters implements AutoCloseable {
    /** Channels above which the meters are tagged by process, by default. */
    public static final int DEFAULT_MAX_CHANNELS = 100;
    /** How long one read of the channel statistics serves the meters, by default. */
    public static final Duration DEFAULT_STATS_MAX_AGE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Cutwatch cutwatch;
    private final HazelcastBackend backend;
    private final boolean byChannel;
    private final long maxAgeNanos;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Meter> meters = new CopyOnWriteArrayList<>();
    private volatile Cached cached;
    private volatile boolean closed;

    private record Cached(long at, List<ChannelStats> stats) {
    }

    private ChannelMeters(MeterRegistry registry, Cutwatch cutwatch, int maxChannels, Duration statsMaxAge) {
        this.registry = registry;
        this.cutwatch = cutwatch;
        this.backend = HazelcastCutwatch.backend(cutwatch);
        this.byChannel = cutwatch.topology().channels().size() <= maxChannels;
        this.maxAgeNanos = statsMaxAge.toNanos();
    }

    /** Binds the channel meters of {@code cutwatch} (a Cutwatch on Hazelcast) with the defaults. */
    public static ChannelMeters bind(MeterRegistry registry, Cutwatch cutwatch) {
        return bind(registry, cutwatch, DEFAULT_MAX_CHANNELS, DEFAULT_STATS_MAX_AGE);
    }

    /**
     * Binds the channel meters of {@code cutwatch}: tagged by channel up to {@code maxChannels}
     * channels in the topology, by process above; statistics re-read at most once per
     * {@code statsMaxAge} (ZERO: at every read).
     *
     * @throws IllegalStateException if {@code cutwatch} does not run on Hazelcast
     */
    public static ChannelMeters bind(MeterRegistry registry, Cutwatch cutwatch, int maxChannels,
                                     Duration statsMaxAge) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(cutwatch, "cutwatch");
        if (maxChannels < 0) {
            throw new IllegalArgumentException("max channels must not be negative, got " + maxChannels);
        }
        if (statsMaxAge.isNegative()) {
            throw new IllegalArgumentException("stats max age must not be negative, got " + statsMaxAge);
        }
        ChannelMeters m = new ChannelMeters(registry, cutwatch, maxChannels, statsMaxAge);
        m.bindMemberMeters();
        m.refresh();
        return m;
    }

    /** Whether the meters carry a {@code channel} tag (else a {@code process} tag). */
    public boolean taggedByChannel() {
        return byChannel;
    }

    /** Registers the meters of channels and processes that gained an end on this member since binding. */
    public void refresh() {
        if (closed) {
            return;
        }
        for (String p : cutwatch.hostedProcesses()) {
            if (bound.add("process:" + p)) {
                bindProcess(p);
            }
        }
        if (byChannel) {
            for (ChannelStats s : backend.channelStats()) {
                ChannelId c = s.channel();
                if (bound.add("channel:" + c)) {
                    bindChannel(c);
                }
            }
        }
    }

    /**
     * A health check ({@code HealthCheck.Builder.check}) answering a DEGRADED {@code window-closed}
     * reason for each channel whose sender has held a backlog (the receive window full, or a
     * write not finished) for longer than {@code limit}, naming the channel and its receiver. The
     * backlog is sampled at each health report, so the time is measured between reports.
     */
    public Supplier<List<HealthReport.Reason>> windowClosedCheck(Duration limit) {
        if (limit.isNegative()) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        Map<ChannelId, Long> since = new ConcurrentHashMap<>();
        return () -> {
            long now = System.nanoTime();
            List<HealthReport.Reason> out = new ArrayList<>();
            Set<ChannelId> backlogged = new HashSet<>();
            for (ChannelStats s : backend.channelStats()) {
                if (s.backlog() <= 0) {
                    continue;
                }
                ChannelId c = s.channel();
                backlogged.add(c);
                long from = since.computeIfAbsent(c, k -> now);
                long held = now - from;
                if (held > limit.toNanos()) {
                    String tag = c.from() + "->" + c.to();
                    out.add(new HealthReport.Reason("window-closed", HealthReport.Status.DEGRADED,
                            "channel " + tag + " has held " + s.backlog() + " envelope(s) back for "
                                    + Duration.ofNanos(held).toMillis() + " ms (limit " + limit.toMillis()
                                    + " ms): is " + c.to() + " stalled?",
                            Map.of("channel", tag, "backlog", Long.toString(s.backlog()),
                                    "heldMillis", Long.toString(Duration.ofNanos(held).toMillis()))));
                }
            }
            since.keySet().retainAll(backlogged);
            return out;
        };
    }

    /** Removes every meter this binding registered. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }

    private List<ChannelStats> stats() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c == null || now - c.at() > maxAgeNanos) {
            c = new Cached(now, backend.channelStats());
            cached = c;
        }
        return c.stats();
    }

    private long sum(Predicate<ChannelId> which, ToLongFunction<ChannelStats> f) {
        long total = 0;
        for (ChannelStats s : stats()) {
            if (which.test(s.channel())) {
                total += f.applyAsLong(s);
            }
        }
        return total;
    }

    private void bindMemberMeters() {
        keep(Gauge.builder("cutwatch.processes.lost", backend, b -> b.lostProcesses().size())
                .description("processes whose member left the cluster; snapshots fail while any exist").strongReference(true).register(registry));
        keep(FunctionCounter.builder("cutwatch.channel.undeliverable", backend, HazelcastBackend::undeliverable)
                .description("envelopes dropped because their addressee was lost with its member").register(registry));
    }

    private void bindChannel(ChannelId c) {
        String tag = c.from() + "->" + c.to();
        Predicate<ChannelId> one = c::equals;
        channelMeters("channel", tag, one, one);
    }

    private void bindProcess(String p) {
        Gauge held = Gauge.builder("cutwatch.process.held.back", backend, b -> b.heldBack(p) ? 1 : 0)
                .tag("process", p).strongReference(true)
                .description("1 while the process is held back by the backlog of one of its channels")
                .register(registry);
        keep(held);
        keep(Gauge.builder("cutwatch.process.held.tasks", backend, b -> b.heldTasks(p))
                .tag("process", p).strongReference(true)
                .description("local actions of the process waiting for its channels' backlog to drain")
                .register(registry));
        if (!byChannel) {
            channelMeters("process", p, c -> c.from().equals(p), c -> c.to().equals(p));
        }
    }

    private void channelMeters(String key, String value, Predicate<ChannelId> sending, Predicate<ChannelId> receiving) {
        counter("cutwatch.channel.sent", key, value, sending, ChannelStats::envelopesSent,
                "envelopes handed to the channel by the sending process");
        counter("cutwatch.channel.delivered", key, value, receiving, ChannelStats::envelopesDelivered,
                "envelopes handed to the receiving process");
        keep(Gauge.builder("cutwatch.channel.backlog", this, m -> m.sum(sending, ChannelStats::backlog))
                .tag(key, value).strongReference(true)
                .description("envelopes waiting in the sender for the receive window to open or a write to finish")
                .register(registry));
        counter("cutwatch.channel.window.waits", key, value, sending, ChannelStats::windowStalls,
                "times the sender found the receive window full and waited for an acknowledgement");
        counter("cutwatch.channel.rejected", key, value, receiving, ChannelStats::rejected,
                "ringbuffer items rejected as foreign or malformed");
        counter("cutwatch.channel.lost", key, value, receiving, ChannelStats::lostItems,
                "ringbuffer items overwritten before the receiver read them");
    }

    private void counter(String name, String key, String value, Predicate<ChannelId> which,
                         ToLongFunction<ChannelStats> f, String what) {
        keep(FunctionCounter.builder(name, this, m -> m.sum(which, f)).tag(key, value)
                .description(what).register(registry));
    }

    private void keep(Meter meter) {
        meters.addIfAbsent(meter);
    }
}
