package io.cutwatch;

import io.cutwatch.process.LocalAction;
import io.cutwatch.process.MessageHandler;
import io.cutwatch.process.Process;
import java.util.Objects;
import java.util.function.Function;

/** Configures one process; {@link #start()} starts it. Not thread-safe (build on one thread). */
public final class ProcessBuilder<S> {
    private final Cutwatch owner;
    final String id;
    final S state;
    Function<? super S, ?> capture;
    MessageHandler<S> handler = (s, from, payload, ctx) -> {
        throw new IllegalStateException("process " + ctx.self() + " has no message handler (got "
                + payload + " from " + from + ")");
    };
    LocalAction<S> onStart;

    ProcessBuilder(Cutwatch owner, String id, S state) {
        this.owner = owner;
        this.id = id;
        this.state = state;
    }

    /**
     * How to record this process's state in a snapshot: called on the process's thread, it must
     * return a copy or an immutable value, never the live state. Required.
     */
    public ProcessBuilder<S> capture(Function<? super S, ?> capture) {
        this.capture = Objects.requireNonNull(capture, "capture");
        return this;
    }

    /** The handler of application messages. */
    public ProcessBuilder<S> onMessage(MessageHandler<S> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** A local action run once when the process starts (e.g. to schedule its first timer). */
    public ProcessBuilder<S> onStart(LocalAction<S> action) {
        this.onStart = Objects.requireNonNull(action, "action");
        return this;
    }

    /** Starts the process; from now on it receives messages. */
    public Process<S> start() {
        if (capture == null) {
            throw new IllegalStateException("process " + id + " has no state capture: call capture(...) with a"
                    + " function returning a copy or an immutable value of the state");
        }
        return owner.start(this);
    }
}
