package io.cutwatch.hazelcast;

import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.cutwatch.model.ChannelId;
import io.cutwatch.channel.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sending end of one channel: queues envelopes and writes them to the channel's ringbuffer
 * in batches, at most one write in flight (so items land in send order), never further ahead of
 * the receiver's acknowledged item than the ringbuffer holds (so nothing is overwritten unread).
 *
 * <p>Batching: a write takes everything queued (up to {@code maxBatch} envelopes) as one
 * ringbuffer item. A lone envelope is written at once, from the sending thread, when nothing is
 * in flight; envelopes sent
 * while a write is in flight go out together when it completes, so a batch never waits longer
 * than one write round trip plus the window.
 *
 * <p>Window: with capacity {@code C} and acknowledged item {@code a}, item {@code s} is written
 * only if {@code s <= a + C}; the ringbuffer then still holds every item after {@code a}. A full
 * window makes the envelopes wait here (the backlog). Beyond {@code maxBacklog} envelopes the
 * sending process's local actions and timers wait (its message handling goes on, see
 * {@link SerialExecutor}) until the backlog is down to half of that.
 * Acknowledgements arrive through an IMap entry listener; while the window is full the sender
 * also polls the acknowledgement every {@code pollMillis} in case an event is late.
 *
 * <p>Lazy markers ({@link #sendLazily}): when a marker also travels ahead on its member pair's
 * {@link MarkerLink}, its copy here only keeps the channel's item stream complete, so it is
 * queued but never written on its own: it goes out in front of the next envelope written on the
 * channel (or once {@code MAX_LAZY} of them are waiting). Lazy markers are not backlog.
 *
 * <p>The same class carries a {@link MarkerLink}'s items: {@code encoder} turns a run of queued
 * envelopes into one ringbuffer item, and a link has no process to hold back.
 *
 * <p>Threading: {@link #send} from the process thread; completions and acknowledgements on
 * pool and Hazelcast event threads; state is guarded by {@code this}.
 */
final class ChannelSender {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSender.class);
    /** Lazy markers queued beyond this many with nothing else to write are written anyway. */
    static final int MAX_LAZY = 64;

    /** Turns a run of queued envelopes (send order) into one ringbuffer item. */
    interface Encoder {
        Object encode(List<Envelope> envelopes);
    }

    private final ChannelId channel;
    private final String name;
    private final Ringbuffer<Object> ringbuffer;
    private final IMap<String, Long> acks;
    private final Encoder encoder;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final int capacity;
    private final int maxBatch;
    private final long pollMillis;
    private final SerialExecutor process;
    private final int maxBacklog;
    private boolean overLimit;
    /** Whether a write is started from the pool rather than from the sending thread. */
    private boolean fromPool;
    private final Runnable flushNow = this::flush;

    private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
    /** Whether each queued envelope (same order as {@code queue}) is a lazy marker. */
    private final ArrayDeque<Boolean> lazy = new ArrayDeque<>();
    /** Queued envelopes that are not lazy markers: the backlog. */
    private int eager;
    private boolean busy;
    private boolean pollScheduled;
    private boolean closed;
    private long nextItem;
    private long acked;
    private long lastPublished = -1;
    private long envelopesSent;
    private long itemsPublished;
    private long largestBacklog;
    private long windowStalls;
    private long writeFailures;

    ChannelSender(ChannelId channel, String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks,
                  WireCodec codec, Executor pool, ScheduledExecutorService timer, int capacity, int maxBatch,
                  long pollMillis, SerialExecutor process, int maxBacklog) {
        this(channel, name, ringbuffer, acks, batch -> codec.encode(channel, batch), pool, timer, capacity, maxBatch,
                pollMillis, process, maxBacklog);
    }

    /** A sender of items {@code encoder} builds; {@code process} may be null when {@code maxBacklog} is 0. */
    ChannelSender(ChannelId channel, String name, Ringbuffer<Object> ringbuffer, IMap<String, Long> acks,
                  Encoder encoder, Executor pool, ScheduledExecutorService timer, int capacity, int maxBatch,
                  long pollMillis, SerialExecutor process, int maxBacklog) {
        this.channel = channel;
        this.name = name;
        this.ringbuffer = ringbuffer;
        this.acks = acks;
        this.encoder = encoder;
        this.pool = pool;
        this.timer = timer;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.pollMillis = pollMillis;
        this.process = process;
        this.maxBacklog = maxBacklog;
        this.nextItem = ringbuffer.tailSequence() + 1;
        Long a = acks.get(name);
        this.acked = a != null ? a : ringbuffer.headSequence() - 1;
    }

    /**
     * Never writes from inside {@link #send}: a write that would start there starts when the
     * sending thread's {@link DeferredWork} unit ends (the process task that sent the envelope,
     * so every marker that task sent through this sender shares the write), or from the pool
     * outside a unit. Returns this.
     */
    ChannelSender flushingFromPool() {
        this.fromPool = true;
        return this;
    }

    /** Queues {@code e}; returns at once. */
    void send(Envelope e) {
        enqueue(e, false);
    }

    /**
     * Queues marker {@code e} lazily: its twin travels on the member pair's link, so this copy
     * is written only in front of the channel's next envelope (see the class comment).
     */
    void sendLazily(Envelope e) {
        enqueue(e, true);
    }

    private void enqueue(Envelope e, boolean isLazy) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.add(e);
            lazy.add(isLazy);
            envelopesSent++;
            if (!isLazy) {
                eager++;
                largestBacklog = Math.max(largestBacklog, eager);
                if (maxBacklog > 0 && !overLimit && eager > maxBacklog) {
                    overLimit = true;
                    process.pressure(1);
                }
            }
            if (busy || !worthWriting()) {
                return;
            }
            busy = true;
        }
        if (fromPool) {
            if (!DeferredWork.defer(this, flushNow)) {
                dispatch();
            }
        } else {
            flush();
        }
    }

    /** Nothing but lazy markers is queued and no write is in flight: a marker sent now would go alone. */
    synchronized boolean idle() {
        return !busy && eager == 0;
    }

    /** Under the lock: something other than lazy markers is queued, or too many lazy ones are. */
    private boolean worthWriting() {
        return eager > 0 || queue.size() > MAX_LAZY;
    }

    /** The receiver has processed every item up to {@code item}. Any thread. */
    void onAck(long item) {
        synchronized (this) {
            if (item <= acked) {
                return;
            }
            acked = item;
            if (busy || !worthWriting() || closed) {
                return;
            }
            busy = true;
        }
        dispatch();
    }

    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            lazy.clear();
            eager = 0;
            releasePressure();
        }
    }

    /** Called under the lock whenever the queue shrank. */
    private void releasePressure() {
        if (overLimit && eager <= maxBacklog / 2) {
            overLimit = false;
            process.pressure(-1);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    synchronized ChannelStats stats() {
        return new ChannelStats(channel, name, envelopesSent, itemsPublished, eager, largestBacklog, windowStalls,
                lastPublished, acked, 0, 0, 0, 0);
    }

    private void dispatch() {
        try {
            pool.execute(this::flush);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                busy = false;
            }
        }
    }

    /** Runs with busy == true: writes one batch, or releases busy. */
    private void flush() {
        List<Envelope> batch;
        synchronized (this) {
            if (closed || !worthWriting()) {
                busy = false;
                return;
            }
            if (nextItem > acked + capacity) {
                busy = false;
                windowStalls++;
                schedulePoll();
                return;
            }
            int n = Math.min(maxBatch, queue.size());
            batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(queue.poll());
                if (!lazy.poll()) {
                    eager--;
                }
            }
            releasePressure();
        }
        Object item;
        try {
            item = encoder.encode(batch);
        } catch (RuntimeException e) {
            if (isClosed()) {
                return;
            }
            LOG.error("channel {} ({}): cannot serialize {} envelopes starting at seq {}; they are dropped and the"
                    + " receiver will see a gap: {}", channel, name, batch.size(), batch.get(0).seq(), e.toString());
            flush();
            return;
        }
        try {
            ringbuffer.addAsync(item, OverflowPolicy.OVERWRITE).whenCompleteAsync((seq, err) -> written(seq, err, batch),
                    pool);
        } catch (RuntimeException e) {
            written(null, e, batch);
        }
    }

    private void written(Long seq, Throwable err, List<Envelope> batch) {
        synchronized (this) {
            if (err != null) {
                writeFailures++;
                if (!closed) {
                    LOG.error("channel {} ({}): write of {} envelopes from seq {} failed; the receiver will see a gap",
                            channel, name, batch.size(), batch.get(0).seq(), err);
                }
            } else {
                lastPublished = seq;
                nextItem = seq + 1;
                itemsPublished++;
            }
        }
        flush();
    }

    private void schedulePoll() {
        if (pollScheduled || closed) {
            return;
        }
        pollScheduled = true;
        try {
            timer.schedule(this::poll, pollMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pollScheduled = false;
        }
    }

    private void poll() {
        synchronized (this) {
            pollScheduled = false;
            if (closed || !worthWriting() || nextItem <= acked + capacity) {
                return;
            }
        }
        acks.getAsync(name).whenCompleteAsync((v, err) -> {
            if (v != null) {
                onAck(v);
            }
            synchronized (this) {
                if (!busy && worthWriting() && nextItem > acked + capacity) {
                    schedulePoll();
                }
            }
        }, pool);
    }
}
