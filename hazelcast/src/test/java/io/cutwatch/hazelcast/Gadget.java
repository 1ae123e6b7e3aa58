package io.cutwatch.hazelcast;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for a crafted Java-serialized object ("gadget") from the network: a class outside the
 * allow-list whose {@code readObject} would run code on the receiving member. Counts how often
 * it was really deserialized.
 */
final class Gadget implements Serializable {
    static final AtomicInteger DESERIALIZED = new AtomicInteger();

    private final String command;

    Gadget(String command) {
        this.command = command;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DESERIALIZED.incrementAndGet();
    }

    @Override
    public String toString() {
        return "Gadget(" + command + ")";
    }
}
