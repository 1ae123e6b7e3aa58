package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import io.cutwatch.channel.Envelope;
import io.cutwatch.model.ChannelId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The receiving end of one member pair's marker link: one ringbuffer per ordered pair of
 * members ({@code cutwatch.<ns>.ch.member:<from>-><to>}) carrying early copies of the markers
 * of every channel from a process on the first member to a process on the second. Written by a
 * {@link ChannelSender} with {@link #encode} (markers queued while a write is in flight share
 * the next write, whatever their channel), read here with long polls and handed to each
 * channel's {@link InboundChannel}, which keeps the channel FIFO; the marker's copy in the
 * channel's own stream makes the stream complete without a write of its own.
 *
 * <p>Why: a snapshot sends one marker on each of the n(n-1) channels of a complete topology;
 * written one per channel, that is n(n-1) ringbuffer writes and long-poll wake-ups. On links,
 * markers to processes of the same member need no write at all, and the markers of one member
 * to another share writes, so a snapshot costs at most n(m-1) link writes for m members and
 * usually far fewer (every marker a member emits while a write is in flight goes in the next).
 * Jet's network layer multiplexes the edges between two members over one connection the same way.
 *
 * <p>Acknowledgements: every {@code ackEvery} items read, in the acknowledgement IMap under the
 * link's name (the sender's receive window, as for a channel). Items are handed over when read:
 * an early marker not yet due waits in its {@link InboundChannel}, not in the ringbuffer.
 */
final class MarkerLink {
    private static final Logger LOG = LoggerFactory.getLogger(MarkerLink.class);
    /** Ringbuffer names of links start with {@code <prefix>} followed by this. */
    static final String NAME_PART = "ch.member:";

    private final String name;
    private final Ringbuffer<Object> ringbuffer;
    private final IMap<String, Long> acks;
    private final WireCodec codec;
    private final Function<ChannelId, InboundChannel> inbounds;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final int maxRead;
    private final int ackEvery;
    private volatile boolean closed;
    private long next;
    private long ackSent;
    private volatile long itemsRead;
    private volatile long rejected;

    MarkerLink(String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks, WireCodec codec,
               Function<ChannelId, InboundChannel> inbounds, Executor pool, ScheduledExecutorService timer,
               int maxRead, int ackEvery) {
        this.name = name;
        this.ringbuffer = ringbuffer;
        this.acks = acks;
        this.codec = codec;
        this.inbounds = inbounds;
        this.pool = pool;
        this.timer = timer;
        this.maxRead = maxRead;
        this.ackEvery = ackEvery;
        Long a = acks.get(name);
        this.next = a != null ? a + 1 : ringbuffer.headSequence();
        this.ackSent = next - 1;
    }

    /** The ringbuffer name of the link from member {@code from} to member {@code to}. */
    static String name(String prefix, String from, String to) {
        return prefix + NAME_PART + from + "->" + to;
    }

    /** One link item for {@code markers} (any channels, send order), grouped by channel. */
    static LinkBatch encode(WireCodec codec, String fromMember, List<Envelope> markers) {
        Map<ChannelId, List<Envelope>> byChannel = new LinkedHashMap<>();
        for (Envelope e : markers) {
            byChannel.computeIfAbsent(e.channel(), c -> new ArrayList<>()).add(e);
        }
        WireBatch[] batches = new WireBatch[byChannel.size()];
        int i = 0;
        for (Map.Entry<ChannelId, List<Envelope>> e : byChannel.entrySet()) {
            batches[i++] = codec.encode(e.getKey(), e.getValue());
        }
        return new LinkBatch(fromMember, batches);
    }

    void start() {
        read();
    }

    void close() {
        closed = true;
    }

    long itemsRead() {
        return itemsRead;
    }

    long rejected() {
        return rejected;
    }

    private void read() {
        if (closed) {
            return;
        }
        try {
            ringbuffer.readManyAsync(next, 1, maxRead, null).whenCompleteAsync(this::onRead, pool);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("marker link {}: cannot read: {}", name, e.toString());
            }
        }
    }

    private void onRead(ReadResultSet<Object> rs, Throwable err) {
        if (closed) {
            return;
        }
        if (err != null) {
            onReadError(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            return;
        }
        SerialExecutor.DELIVERING.set(Boolean.TRUE);
        try {
            for (int i = 0; i < rs.size(); i++) {
                itemsRead++;
                deliver(rs.getSequence(i), rs, i);
            }
        } finally {
            SerialExecutor.DELIVERING.set(Boolean.FALSE);
        }
        long last = rs.getNextSequenceToReadFrom() - 1;
        next = last + 1;
        if (last - ackSent >= ackEvery) {
            ackSent = last;
            acks.setAsync(name, last);
        }
        read();
    }

    private void deliver(long seq, ReadResultSet<Object> rs, int i) {
        Object item;
        try {
            item = rs.get(i);
        } catch (RuntimeException e) {
            reject(seq, "cannot be deserialized: " + e);
            return;
        }
        if (!(item instanceof LinkBatch link) || link.batches() == null) {
            reject(seq, "foreign object of type " + (item == null ? "null" : item.getClass().getName()));
            return;
        }
        for (WireBatch b : link.batches()) {
            List<Envelope> markers;
            InboundChannel in;
            try {
                ChannelId c = ChannelId.of(b.from(), b.to());
                in = inbounds.apply(c);
                if (in == null) {
                    reject(seq, "channel " + c + " has no receiver on this member");
                    continue;
                }
                markers = codec.decode(c, b);
            } catch (RuntimeException e) {
                reject(seq, "malformed batch: " + e.getMessage());
                continue;
            }
            for (Envelope m : markers) {
                if (!m.isMarker()) {
                    reject(seq, "application message on a marker link");
                    break;
                }
                in.fromLink(m);
            }
        }
    }

    private void onReadError(Throwable err) {
        if (err instanceof StaleSequenceException stale) {
            // Overwritten unread (only if something bypassed the window): the markers' copies in
            // their channels' streams still arrive.
            LOG.warn("marker link {}: items {}..{} were overwritten before they were read", name, next,
                    stale.getHeadSeq() - 1);
            next = stale.getHeadSeq();
            read();
            return;
        }
        if (err instanceof HazelcastInstanceNotActiveException || err instanceof DistributedObjectDestroyedException
                || err instanceof RejectedExecutionException) {
            LOG.debug("marker link {}: reader stops: {}", name, err.toString());
            return;
        }
        LOG.warn("marker link {}: read from item {} failed, retrying: {}", name, next, err.toString());
        try {
            timer.schedule(this::read, 50, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("marker link {}: reader stops, the backend is closed", name);
        }
    }

    private void reject(long seq, String why) {
        rejected++;
        LOG.warn("marker link {}: item {} rejected, {}", name, seq, why);
    }
}
