package io.cutwatch.sim;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.process.ProcessEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A test application that moves tokens between processes: each process sends a random part of
 * its tokens to a random neighbour on a timer ({@code budget} times) and relays part of what it
 * receives with probability 1/3, so messages form causal chains. Total tokens are conserved.
 * Its state is a pure function of its events, so {@link #replay} gives the ground truth. Used by
 * the simulator tests and, with a {@code running} flag, by the cluster tests.
 */
public final class TokenApp {
    public record Transfer(String id, long amount) {
    }

    public record TokenState(long tokens, long sent, long received, long digest) {
    }

    public static final class Tokens {
        long tokens;
        long sent;
        long received;
        long digest;
        int budget;
        int ids;

        Tokens(long tokens, int budget) {
            this.tokens = tokens;
            this.budget = budget;
        }

        TokenState copy() {
            return new TokenState(tokens, sent, received, digest);
        }
    }

    private TokenApp() {
    }

    public static List<Process<Tokens>> start(Cutwatch cw, long tokensEach, int budget, Duration maxGap) {
        List<Process<Tokens>> out = new ArrayList<>();
        for (String id : cw.topology().processes()) {
            out.add(start(cw, id, tokensEach, budget, maxGap, () -> true));
        }
        return out;
    }

    /** Starts process {@code id} alone (a cluster member hosts some); it stops sending when {@code running} turns false. */
    public static Process<Tokens> start(Cutwatch cw, String id, long tokens, int budget, Duration maxGap,
                                        BooleanSupplier running) {
        return cw.process(id, new Tokens(tokens, budget))
                .capture(Tokens::copy)
                .onStart((s, ctx) -> tick(s, ctx, maxGap, running))
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

    private static void tick(Tokens s, Context ctx, Duration maxGap, BooleanSupplier running) {
        if (!running.getAsBoolean() || s.budget-- <= 0) {
            return;
        }
        if (s.tokens > 0) {
            transfer(s, ctx);
        }
        long gap = 1 + ctx.random().nextInt((int) Math.max(1, maxGap.toNanos() / 1_000));
        ctx.schedule(Duration.ofNanos(gap * 1_000), () -> tick(s, ctx, maxGap, running));
    }

    private static void transfer(Tokens s, Context ctx) {
        List<String> ns = ctx.neighbours();
        String to = ns.get(ctx.random().nextInt(ns.size()));
        long amount = 1 + (long) (ctx.random().nextDouble() * s.tokens);
        amount = Math.min(amount, s.tokens);
        s.tokens -= amount;
        s.sent++;
        ctx.send(to, new Transfer(ctx.self() + "#" + (s.ids++), amount));
    }

    /** The state a process reaches after exactly these events, starting with {@code tokensEach}. */
    public static TokenState replay(long tokensEach, List<ProcessEvent> events) {
        long tokens = tokensEach;
        long sent = 0;
        long received = 0;
        long digest = 0;
        for (ProcessEvent e : events) {
            if (e.kind() == ProcessEvent.Kind.SEND) {
                tokens -= ((Transfer) e.payload()).amount();
                sent++;
            } else if (e.kind() == ProcessEvent.Kind.RECEIVE) {
                Transfer t = (Transfer) e.payload();
                tokens += t.amount();
                received++;
                digest = digest * 31 + t.id().hashCode();
            }
        }
        return new TokenState(tokens, sent, received, digest);
    }
}
