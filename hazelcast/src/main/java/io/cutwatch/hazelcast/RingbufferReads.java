package io.cutwatch.hazelcast;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the two ringbuffer readers ({@link ChannelReader} for a channel, {@link MarkerLink} for a
 * member pair) share: where to start reading, taking one item of a read as the record type they
 * expect, and telling a read failure that ends reading from one worth retrying, and retrying.
 * O(1) each.
 */
final class RingbufferReads {
    private static final Logger LOG = LoggerFactory.getLogger(RingbufferReads.class);
    private RingbufferReads() {
    }

    /**
     * The first item the reader {@code name} reads: the one after the last it acknowledged in
     * {@code acks} (a reader restarted on another member resumes there), else the ringbuffer's
     * head. One IMap read.
     */
    static long firstToRead(IMap<String, Long> acks, String name, Ringbuffer<Object> ringbuffer) {
        Long acknowledged = acks.get(name);
        return acknowledged != null ? acknowledged + 1 : ringbuffer.headSequence();
    }

    /**
     * Item {@code i} of {@code rs} as a {@code type}, or null after {@code reject} was told why
     * not (it cannot be deserialized, or it is a foreign object).
     */
    static <T> T item(ReadResultSet<Object> rs, int i, Class<T> type, Consumer<String> reject) {
        Object item;
        try {
            item = rs.get(i);
        } catch (RuntimeException e) {
            reject.accept("cannot be deserialized: " + e);
            return null;
        }
        if (!type.isInstance(item)) {
            reject.accept("foreign object of type " + (item == null ? "null" : item.getClass().getName()));
            return null;
        }
        return type.cast(item);
    }

    /** Reads again in 50 ms, after a failed read worth retrying; nothing if the backend is closed. */
    static void retrySoon(ScheduledExecutorService timer, Runnable read, String reader) {
        try {
            timer.schedule(read, 50, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: reader stops, the backend is closed", reader);
        }
    }

    /** Whether a read failed because the member, the ringbuffer or the backend is gone: stop reading. */
    static boolean ends(Throwable err) {
        return err instanceof HazelcastInstanceNotActiveException || err instanceof DistributedObjectDestroyedException
                || err instanceof RejectedExecutionException;
    }
}
