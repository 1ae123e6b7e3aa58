package io.cutwatch.bank;

import io.cutwatch.process.Context;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One bank branch: a balance, and a timer that sends a random amount (never more than it has)
 * to a random other branch. Money in flight is in the channels, so balances plus transfers in
 * flight are constant by construction. Mutable, owned by its process's thread.
 */
public final class Branch {
    private long balance;
    private long sent;
    private long received;
    private long nextId;

    public Branch(long balance) {
        if (balance < 0) {
            throw new IllegalArgumentException("a balance cannot be negative, got " + balance);
        }
        this.balance = balance;
    }

    public long balance() {
        return balance;
    }

    public BranchState copy() {
        return new BranchState(balance, sent, received);
    }

    /** Handles an arriving transfer. */
    public void receive(Transfer t) {
        balance += t.amount();
        received++;
    }

    /**
     * Starts the branch: first re-sends the transfers a restored snapshot recorded in flight on
     * this branch's outgoing channels (their money is not in the balance), then, every
     * {@code maxGap} at most and while {@code running} holds, transfers when {@code go} holds
     * (a run opens it when its clock starts). {@code onTransfer} runs after each transfer actually
     * sent (not when the branch has no money).
     */
    public void start(Context ctx, Map<String, List<Long>> restoredInFlight, Duration maxGap,
                      BooleanSupplier running, BooleanSupplier go, Runnable onTransfer) {
        restoredInFlight.forEach((to, amounts) -> {
            for (long amount : amounts) {
                ctx.send(to, new Transfer(nextId++, amount));
                sent++;
            }
        });
        schedule(ctx, maxGap, running, go, onTransfer);
    }

    private void schedule(Context ctx, Duration maxGap, BooleanSupplier running, BooleanSupplier go,
                          Runnable onTransfer) {
        long gapMicros = 1 + ctx.random().nextInt((int) Math.max(1, maxGap.toNanos() / 1_000));
        ctx.schedule(Duration.ofNanos(gapMicros * 1_000), () -> {
            if (!running.getAsBoolean()) {
                return;
            }
            if (go.getAsBoolean() && transferOnce(ctx)) {
                onTransfer.run();
            }
            schedule(ctx, maxGap, running, go, onTransfer);
        });
    }

    /** Sends a random amount in [1, balance] to a random neighbour; nothing when broke. Returns whether it sent. */
    boolean transferOnce(Context ctx) {
        if (balance <= 0) {
            return false;
        }
        List<String> ns = ctx.neighbours();
        String to = ns.get(ctx.random().nextInt(ns.size()));
        long amount = 1 + (long) (ctx.random().nextDouble() * balance);
        amount = Math.min(amount, balance);
        balance -= amount;
        sent++;
        ctx.send(to, new Transfer(nextId++, amount));
        return true;
    }
}
