package io.cutwatch.hazelcast;

import java.util.HashMap;
import java.util.Map;

/**
 * Application-level check of what arrived on each channel: the sender numbers its messages
 * 1, 2, 3... per channel ({@link Numbered}); the receiver counts in-order arrivals, gaps
 * (a number skipped ahead), duplicates and reorders (a number at or below one already seen).
 * Thread-safe.
 */
final class SequenceCheck {
    record Numbered(long n) {
    }

    private final Map<String, Long> last = new HashMap<>();
    private long inOrder;
    private long lost;
    private long duplicatedOrReordered;

    synchronized void arrived(String from, String to, long n) {
        String channel = from + "->" + to;
        long prev = last.getOrDefault(channel, 0L);
        if (n == prev + 1) {
            inOrder++;
            last.put(channel, n);
        } else if (n > prev + 1) {
            lost += n - prev - 1;
            inOrder++;
            last.put(channel, n);
        } else {
            duplicatedOrReordered++;
        }
    }

    synchronized long inOrder() {
        return inOrder;
    }

    synchronized long lost() {
        return lost;
    }

    synchronized long duplicatedOrReordered() {
        return duplicatedOrReordered;
    }

    synchronized long last(String from, String to) {
        return last.getOrDefault(from + "->" + to, 0L);
    }

    @Override
    public synchronized String toString() {
        return "inOrder=" + inOrder + " lost=" + lost + " duplicatedOrReordered=" + duplicatedOrReordered + " last=" + last;
    }
}
