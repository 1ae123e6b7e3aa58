package io.cutwatch.hazelcast;

import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The receiving end of one channel: reads the channel's ringbuffer in order with
 * {@code readManyAsync} (a long poll: one outstanding read, woken by the next write), decodes each
 * item and hands its envelopes to the receiving process (through the channel's
 * {@link InboundChannel}, which drops the copy of a marker that came early), then, on the process's own executor and
 * so after the process has handled them, records the item as processed and acknowledges it to the
 * sender every {@code ackEvery} items. No timer is needed: a sender only waits when a whole
 * ringbuffer ({@code capacity >= ackEvery} items) is unacknowledged, and processing those items
 * triggers an acknowledgement.
 *
 * <p>An item that is not a {@link WireBatch} of this channel, or cannot be deserialized, is
 * rejected: logged with the ringbuffer name, counted, skipped; reading goes on. If the ringbuffer
 * has overwritten items not yet read (impossible while every writer respects the window), the
 * reader logs the loss, counts it and continues at the oldest item; the process's sequence check
 * then reports the gap as a {@link io.cutwatch.channel.ChannelFault}.
 */
final class ChannelReader {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelReader.class);

    private final ChannelId channel;
    private final String name;
    private final Ringbuffer<Object> ringbuffer;
    private final IMap<String, Long> acks;
    private final WireCodec codec;
    private final InboundChannel inbound;
    private final SerialExecutor process;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final int maxRead;
    private final int ackEvery;
    /** The serialized payloads of the latest deliveries, for local snapshots recording them. */
    private final ReceivedPayloads received = new ReceivedPayloads();

    private volatile boolean closed;
    /** Test hook (see {@link #holdForTest}): guarded by this. */
    private boolean held;
    private boolean parked;
    /** A read is outstanding; and whether its result is to be dropped (it was issued before a hold). */
    private boolean readOutstanding;
    private boolean discardNext;
    private long next;
    private volatile long itemsRead;
    private volatile long rejected;
    private volatile long lost;
    /** Guarded by this: processing progress and acknowledgements. */
    private long processed;
    /** Guarded by this: the last item read and handed to the process. */
    private long readUpTo;
    private long ackSent;

    ChannelReader(ChannelId channel, String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks,
                  WireCodec codec, InboundChannel inbound, SerialExecutor process, Executor pool,
                  ScheduledExecutorService timer, int maxRead, int ackEvery) {
        this.channel = channel;
        this.name = name;
        this.ringbuffer = ringbuffer;
        this.acks = acks;
        this.codec = codec;
        this.inbound = inbound;
        this.process = process;
        this.pool = pool;
        this.timer = timer;
        this.maxRead = maxRead;
        this.ackEvery = ackEvery;
        this.next = RingbufferReads.firstToRead(acks, name, ringbuffer);
        this.processed = next - 1;
        this.readUpTo = next - 1;
        this.ackSent = next - 1;
    }

    /** Payload bytes of the latest deliveries on this channel (see {@link ReceivedPayloads}). */
    ReceivedPayloads received() {
        return received;
    }

    void start() {
        read();
    }

    void close() {
        closed = true;
    }

    ChannelStats stats() {
        long p;
        synchronized (this) {
            p = processed;
        }
        return new ChannelStats(channel, name, 0, 0, 0, 0, 0, -1, p, itemsRead, inbound.delivered(), rejected, lost);
    }

    /** Items read and handed to the process whose envelopes it has not handled yet (rejected items count as handled once reached). */
    synchronized long unprocessedItems() {
        return Math.max(0, readUpTo - processed);
    }

    /**
     * Test-only hook: while held, the reader issues no read and drops (to read again later) what
     * an outstanding read returns, so a test can overwrite unread items as a writer ignoring the
     * window would. Releasing resumes reading from the same position. A read issued before the
     * hold is dropped even if it completes after the release (it may hold only the first of the
     * items the test writes).
     */
    void holdForTest(boolean hold) {
        boolean resume;
        synchronized (this) {
            held = hold;
            if (hold && readOutstanding) {
                // Its result may come after the release: drop it whenever it comes.
                discardNext = true;
            }
            resume = !hold && parked;
            parked = false;
        }
        if (resume) {
            read();
        }
    }

    private boolean parkIfHeld() {
        synchronized (this) {
            if (held) {
                parked = true;
            }
            return held;
        }
    }

    private void read() {
        if (closed || parkIfHeld()) {
            return;
        }
        synchronized (this) {
            readOutstanding = true;
        }
        try {
            ringbuffer.readManyAsync(next, 1, maxRead, null).whenCompleteAsync(this::onRead, pool);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("channel {} ({}): cannot read: {}", channel, name, e.toString());
            }
        }
    }

    private void onRead(ReadResultSet<Object> rs, Throwable err) {
        if (closed) {
            return;
        }
        boolean discard;
        synchronized (this) {
            readOutstanding = false;
            discard = discardNext;
            discardNext = false;
        }
        if (parkIfHeld()) {
            return;
        }
        if (discard) {
            // Issued before a hold that has already been released: read again from the same position.
            read();
            return;
        }
        if (err != null) {
            onReadError(err instanceof CompletionException && err.getCause() != null ? err.getCause() : err);
            return;
        }
        int n = rs.size();
        if (n > 0 && rs.getSequence(0) > next) {
            // readMany starts a read below the head at the head instead of failing: the items in
            // between were overwritten unread (something bypassed the window). Count them; the
            // receiver's sequence check reports the gap.
            long skipped = rs.getSequence(0) - next;
            lost += skipped;
            LOG.error("channel {} ({}): items {}..{} were overwritten before they were read; the receiver's sequence"
                    + " check will report the gap", channel, name, next, rs.getSequence(0) - 1);
        }
        // The process is woken once for the whole read, not once per envelope.
        SerialExecutor.handOverAsOneUnit(() -> {
            deliver(rs, n);
            long last = rs.getNextSequenceToReadFrom() - 1;
            next = last + 1;
            synchronized (this) {
                readUpTo = Math.max(readUpTo, last);
            }
            process.execute(() -> processedUpTo(last));
        });
        read();
    }

    private void deliver(ReadResultSet<Object> rs, int n) {
        for (int i = 0; i < n; i++) {
            long seq = rs.getSequence(i);
            itemsRead++;
            WireBatch batch = RingbufferReads.item(rs, i, WireBatch.class, why -> reject(seq, why));
            if (batch == null) {
                continue;
            }
            List<Envelope> envelopes;
            try {
                envelopes = codec.decode(channel, batch);
            } catch (MalformedWireException e) {
                reject(seq, "malformed batch: " + e.getMessage());
                continue;
            }
            Object[] payloads = new Object[envelopes.size()];
            for (int k = 0; k < payloads.length; k++) {
                payloads[k] = envelopes.get(k).payload();
            }
            received.add(payloads, batch.payloadLengths(), batch.payloads());
            for (Envelope e : envelopes) {
                inbound.fromChannel(e);
            }
        }
    }

    private void onReadError(Throwable err) {
        if (err instanceof StaleSequenceException stale) {
            long head = stale.getHeadSeq();
            lost += head - next;
            LOG.error("channel {} ({}): items {}..{} were overwritten before they were read; the receiver's sequence"
                    + " check will report the gap", channel, name, next, head - 1);
            next = head;
            read();
            return;
        }
        if (RingbufferReads.ends(err)) {
            LOG.debug("channel {} ({}): reader stops: {}", channel, name, err.toString());
            return;
        }
        LOG.warn("channel {} ({}): read from item {} failed, retrying: {}", channel, name, next, err.toString());
        RingbufferReads.retrySoon(timer, this::read, "channel " + channel);
    }

    private void reject(long seq, String why) {
        rejected++;
        LOG.warn("channel {} (ringbuffer {}): item {} rejected, {}; the process keeps running", channel, name, seq, why);
    }

    /** On the process's executor, after the envelopes up to {@code item} were handled. */
    private void processedUpTo(long item) {
        long p;
        synchronized (this) {
            processed = Math.max(processed, item);
            if (processed - ackSent < ackEvery || closed) {
                return;
            }
            p = processed;
            ackSent = p;
        }
        acks.setAsync(name, p);
    }
}
