package io.cutwatch.hazelcast;

import io.cutwatch.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.Process;
import io.cutwatch.ProcessEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token-moving test application for real clusters: every process sends a random part of its
 * tokens to a random neighbour every 1..maxGapMillis ms until {@code running} turns false, and
 * relays part of what it receives with probability 1/3. Total tokens are conserved; a process's
 * state is a pure function of its events ({@link #replay}), which gives the ground truth.
 */
final class ClusterTokenApp {
    record Transfer(String id, long amount) {
    }

    record TokenState(long tokens, long sent, long received, long digest) {
    }

    static final class Tokens {
        long tokens;
        long sent;
        long received;
        long digest;
        int ids;

        Tokens(long tokens) {
            this.tokens = tokens;
        }

        TokenState copy() {
            return new TokenState(tokens, sent, received, digest);
        }
    }

    private ClusterTokenApp() {
    }

    /** Starts process {@code id} on {@code cw}. */
    static Process<Tokens> start(Cutwatch cw, String id, long tokens, int maxGapMillis, AtomicBoolean running) {
        return cw.process(id, new Tokens(tokens))
                .capture(Tokens::copy)
                .onStart((s, ctx) -> tick(s, ctx, maxGapMillis, running))
                .onMessage((s, from, payload, ctx) -> {
                    Transfer t = (Transfer) payload;
                    s.tokens += t.amount();
                    s.received++;
                    s.digest = s.digest * 31 + t.id().hashCode();
                    if (s.tokens > 0 && ctx.random().nextInt(3) == 0) {
                        transfer(s, ctx);
                    }
                })
                .start();
    }

    private static void tick(Tokens s, Context ctx, int maxGapMillis, AtomicBoolean running) {
        if (!running.get()) {
            return;
        }
        if (s.tokens > 0) {
            transfer(s, ctx);
        }
        ctx.schedule(Duration.ofMillis(1 + ctx.random().nextInt(maxGapMillis)),
                () -> tick(s, ctx, maxGapMillis, running));
    }

    private static void transfer(Tokens s, Context ctx) {
        List<String> ns = ctx.neighbours();
        String to = ns.get(ctx.random().nextInt(ns.size()));
        long amount = Math.min(s.tokens, 1 + (long) (ctx.random().nextDouble() * s.tokens));
        s.tokens -= amount;
        s.sent++;
        ctx.send(to, new Transfer(ctx.self() + "#" + (s.ids++), amount));
    }

    /** The state a process reaches after exactly these events, starting with {@code tokens}. */
    static TokenState replay(long tokens, List<ProcessEvent> events) {
        long t = tokens;
        long sent = 0;
        long received = 0;
        long digest = 0;
        for (ProcessEvent e : events) {
            if (e.kind() == ProcessEvent.Kind.SEND) {
                t -= ((Transfer) e.payload()).amount();
                sent++;
            } else if (e.kind() == ProcessEvent.Kind.RECEIVE) {
                Transfer tr = (Transfer) e.payload();
                t += tr.amount();
                received++;
                digest = digest * 31 + tr.id().hashCode();
            }
        }
        return new TokenState(t, sent, received, digest);
    }
}
