package io.cutwatch.sim;

import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.Envelope;
import io.cutwatch.channel.Transport;
import io.cutwatch.runtime.Backend;
import io.cutwatch.runtime.CoreEndpoint;
import io.cutwatch.runtime.ProcessExecutor;
import io.cutwatch.runtime.SnapshotCollector;
import io.cutwatch.snapshot.LocalSnapshot;
import io.cutwatch.snapshot.SnapshotFailure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A deterministic discrete-event simulator: transport, executors, timers and snapshot
 * collection on virtual time, all on the calling thread.
 *
 * <p>Every envelope gets a delivery delay drawn from the seed in [minDelay, maxDelay]; delivery
 * on a channel is FIFO (an envelope never overtakes an earlier one on its channel); events due
 * at the same instant run in submission order. So one seed gives one interleaving, reproducibly:
 * print the seed when a check fails. Nothing happens until a {@code run*} or {@link #await}
 * method runs the event loop. Not thread-safe: drive it from one thread.
 */
public final class Simulation implements Backend, Transport, SnapshotCollector {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    /** Delays in virtual microseconds. */
    public record Options(long minDelayMicros, long maxDelayMicros, long maxEvents) {
        public Options {
            if (minDelayMicros < 0 || maxDelayMicros < minDelayMicros) {
                throw new IllegalArgumentException("need 0 <= minDelay <= maxDelay, got " + minDelayMicros
                        + ".." + maxDelayMicros);
            }
            if (maxEvents <= 0) {
                throw new IllegalArgumentException("maxEvents must be positive, got " + maxEvents);
            }
        }

        /** 0.1 .. 5 ms per hop; at most 50 million events per run call. */
        public static Options defaults() {
            return new Options(100, 5_000, 50_000_000);
        }
    }

    private record Event(long time, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final long seed;
    private final Options options;
    private final SplittableRandom delays;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Map<String, Receiver> receivers = new HashMap<>();
    private final Map<ChannelId, Long> lastDelivery = new HashMap<>();
    private final Map<Long, Long> markersBySnapshot = new HashMap<>();
    private Function<Envelope, List<Envelope>> interceptor = List::of;
    private CoreEndpoint core;
    private long now;
    private long order;
    private long nextSnapshotId = 1;
    private long envelopesSent;
    private long eventsRun;
    private long undeliverable;

    public Simulation(long seed) {
        this(seed, Options.defaults());
    }

    public Simulation(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.delays = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    /** Virtual time in microseconds since the start. */
    public long nowMicros() {
        return now;
    }

    /** Envelopes handed to the transport so far (markers included). */
    public long envelopesSent() {
        return envelopesSent;
    }

    /** Markers sent for {@code snapshotId} so far. */
    public long markersSent(long snapshotId) {
        return markersBySnapshot.getOrDefault(snapshotId, 0L);
    }

    /** Envelopes addressed to a process no one registered (dropped and logged). */
    public long undeliverable() {
        return undeliverable;
    }

    /** Events run so far. */
    public long eventsRun() {
        return eventsRun;
    }

    /**
     * Replaces what the network does to each envelope sent: the function returns the envelopes
     * actually put on the channel (none to drop, two to duplicate, a different one to tamper).
     * For fault-injection tests.
     */
    public void intercept(Function<Envelope, List<Envelope>> interceptor) {
        this.interceptor = interceptor;
    }

    /** Delivers {@code envelope} to its addressee after {@code delay}, bypassing the sender (foreign input). */
    public void inject(Envelope envelope, Duration delay) {
        at(now + micros(delay), () -> deliver(envelope));
    }

    // ---- running ----

    /** Runs events until {@code done} holds; fails if the simulation runs out of events first. */
    public void runUntil(BooleanSupplier done) {
        long budget = options.maxEvents();
        while (!done.getAsBoolean()) {
            if (queue.isEmpty()) {
                throw new IllegalStateException("simulation (seed " + seed + ") ran out of events at t="
                        + now + "us before the condition held");
            }
            if (budget-- == 0) {
                throw new IllegalStateException("simulation (seed " + seed + ") exceeded " + options.maxEvents()
                        + " events without the condition holding");
            }
            step();
        }
    }

    /** Runs events until the future is done and returns its value (or throws its failure). */
    public <T> T await(CompletableFuture<T> future) {
        runUntil(future::isDone);
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs every event due within {@code duration} of virtual time from now. */
    public void runFor(Duration duration) {
        long end = now + micros(duration);
        long budget = options.maxEvents();
        while (!queue.isEmpty() && queue.peek().time <= end) {
            if (budget-- == 0) {
                throw new IllegalStateException("simulation (seed " + seed + ") exceeded " + options.maxEvents()
                        + " events in runFor(" + duration + ")");
            }
            step();
        }
        now = Math.max(now, end);
    }

    /** Runs until no event is left (every timer fired, every envelope delivered). */
    public void runUntilQuiet() {
        runUntil(queue::isEmpty);
    }

    private void step() {
        Event e = queue.poll();
        now = e.time;
        eventsRun++;
        e.action.run();
    }

    private void at(long time, Runnable action) {
        queue.add(new Event(time, order++, action));
    }

    private static long micros(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative delay " + d);
        }
        return d.toNanos() / 1_000;
    }

    // ---- Transport ----

    @Override
    public void register(String processId, Receiver receiver) {
        if (receivers.putIfAbsent(processId, receiver) != null) {
            throw new IllegalStateException("process " + processId + " is already registered with the simulator");
        }
    }

    @Override
    public void send(Envelope envelope) {
        envelopesSent++;
        if (envelope.isMarker()) {
            markersBySnapshot.merge(envelope.snapshotId(), 1L, Long::sum);
        }
        for (Envelope e : interceptor.apply(envelope)) {
            long delay = options.minDelayMicros() == options.maxDelayMicros() ? options.minDelayMicros()
                    : delays.nextLong(options.minDelayMicros(), options.maxDelayMicros() + 1);
            long due = Math.max(now + delay, lastDelivery.getOrDefault(e.channel(), 0L));
            lastDelivery.put(e.channel(), due);
            at(due, () -> deliver(e));
        }
    }

    private void deliver(Envelope e) {
        Receiver r = receivers.get(e.channel().to());
        if (r != null) {
            r.receive(e);
        } else {
            undeliverable++;
            LOG.warn("simulation (seed {}): envelope {} addressed to unknown process {} dropped",
                    seed, e.messageId(), e.channel().to());
        }
    }

    // ---- Backend ----

    @Override
    public Transport transport() {
        return this;
    }

    @Override
    public ProcessExecutor executor(String processId) {
        return new ProcessExecutor() {
            @Override
            public void execute(Runnable task) {
                at(now, task);
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                at(now + micros(delay), task);
            }
        };
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        at(now + micros(delay), task);
    }

    @Override
    public SnapshotCollector collector() {
        return this;
    }

    @Override
    public long nextSnapshotId() {
        return nextSnapshotId++;
    }

    @Override
    public Random randomFor(String processId, int index) {
        return new Random(seed * 1_000_003L + index);
    }

    // ---- SnapshotCollector (in memory: the simulator is the central location) ----

    @Override
    public void bind(CoreEndpoint core) {
        if (this.core != null) {
            throw new IllegalStateException("this simulation already runs a Cutwatch; create one Simulation per Cutwatch");
        }
        this.core = core;
    }

    @Override
    public void publish(LocalSnapshot<?> piece) {
        core.pieceArrived(piece);
    }

    @Override
    public void publishFailure(SnapshotFailure failure) {
        core.failureArrived(failure);
    }
}
