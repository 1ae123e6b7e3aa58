package io.cutwatch.model;

import java.util.Objects;

/** A directed channel from one logical process to another. FIFO and reliable by contract. */
public record ChannelId(String from, String to) implements Comparable<ChannelId> {
    public ChannelId {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a channel needs two distinct processes, got " + from + "->" + to);
        }
    }

    public static ChannelId of(String from, String to) {
        return new ChannelId(from, to);
    }

    /** Spreads ids like "p12"/"p13" that the default record hash would cluster. */
    @Override
    public int hashCode() {
        int h = from.hashCode() * 0x9E3779B1 + to.hashCode();
        return h ^ (h >>> 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelId c && from.equals(c.from) && to.equals(c.to);
    }

    @Override
    public int compareTo(ChannelId o) {
        int c = from.compareTo(o.from);
        return c != 0 ? c : to.compareTo(o.to);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
