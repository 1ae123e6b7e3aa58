package io.cutwatch.deadlock.lockservice;

import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.model.Topology;
import io.cutwatch.deadlock.NaturalOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A distributed lock service, the sample application of the deadlock module. Every process owns
 * some resources (a lock each, shared or exclusive, with a strict FIFO queue: see {@link LockNode})
 * and is home to transactions that lock resources anywhere, one at a time, over the channels. A
 * plan step locks exclusively unless it asks {@link TxStep#acquireShared shared}. Transactions that lock in different orders
 * deadlock for real; {@link #abort} breaks a deadlock by aborting a victim, which releases its locks
 * and (by default) restarts after a back-off.
 *
 * <pre>{@code
 * LockService locks = LockService.start(cw, LockService.resources(cw.topology(), 2), LockService.Options.defaults());
 * String t1 = locks.begin("p0", List.of(TxStep.acquire("r0@p0"), TxStep.acquire("r0@p1")));
 * DeadlockDetector<LockTableView> detector = new DeadlockDetector<>(new LockServiceAdapter());
 * }</pre>
 *
 * <p>Threading: {@link #begin} and {@link #abort} are thread-safe and return at once (the work runs
 * on the home process). Transaction ids are {@code t1, t2, ...} in begin order, so a higher id is a
 * younger transaction.
 */
public final class LockService {
    /**
     * @param restartAborted whether an aborted transaction restarts from its first step
     * @param restartBackoff the base back-off before a restart (a random extra up to the same again is added)
     */
    public record Options(boolean restartAborted, Duration restartBackoff) {
        public Options {
            Objects.requireNonNull(restartBackoff, "restartBackoff");
            if (restartBackoff.isNegative()) {
                throw new IllegalArgumentException("negative restart back-off " + restartBackoff);
            }
        }

        /** Restart aborted transactions after 5..10 ms. */
        public static Options defaults() {
            return new Options(true, Duration.ofMillis(5));
        }
    }

    private final Cutwatch cutwatch;
    private final Map<String, String> ownerOf;
    private final Map<String, LockNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, String> homeOf = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private LockService(Cutwatch cutwatch, Map<String, String> ownerOf) {
        this.cutwatch = cutwatch;
        this.ownerOf = ownerOf;
    }

    /**
     * Starts a lock-service process for every process of the topology, owning the resources
     * {@code ownerOf} maps to it. Their state capture is {@link LockNode#view()}.
     *
     * @throws IllegalArgumentException if a resource's owner is not in the topology
     */
    public static LockService start(Cutwatch cutwatch, Map<String, String> ownerOf, Options options) {
        return start(cutwatch, ownerOf, options, cutwatch.topology().processes());
    }

    /**
     * Starts the lock-service processes {@code hosted} only, for a topology spread over several
     * cluster members: every member starts its own share with the same {@code ownerOf}, and the
     * processes talk over the channels. This service then begins and aborts only transactions
     * whose home it hosts, and {@link #peek}, {@link #status} and {@link #unfinished} cover those.
     * Transaction ids must be unique across the members: use {@link #begin(String, String, List)}
     * with ids of your own.
     *
     * @throws IllegalArgumentException if a resource's owner or a hosted process is not in the topology
     */
    public static LockService start(Cutwatch cutwatch, Map<String, String> ownerOf, Options options,
                                    Collection<String> hosted) {
        Topology t = cutwatch.topology();
        Map<String, String> owners = Collections.unmodifiableMap(new LinkedHashMap<>(ownerOf));
        for (Map.Entry<String, String> e : owners.entrySet()) {
            if (!t.contains(e.getValue())) {
                throw new IllegalArgumentException("resource '" + e.getKey() + "' is owned by '" + e.getValue()
                        + "', which is not a process of " + t);
            }
        }
        for (String p : hosted) {
            if (!t.contains(p)) {
                throw new IllegalArgumentException("cannot host lock-service process '" + p + "': not a process of " + t);
            }
        }
        LockService s = new LockService(cutwatch, owners);
        for (String p : new LinkedHashSet<>(hosted)) {
            LockNode node = new LockNode(p, owners, options);
            s.nodes.put(p, node);
            cutwatch.process(p, node)
                    .capture(LockNode::view)
                    .onMessage((state, from, payload, ctx) -> state.onMessage(from, payload, ctx))
                    .start();
        }
        return s;
    }

    /** Resources {@code r0@p .. r(k-1)@p} for every process {@code p}: name -> owner. */
    public static Map<String, String> resources(Topology topology, int perProcess) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : topology.processes()) {
            for (int k = 0; k < perProcess; k++) {
                m.put("r" + k + "@" + p, p);
            }
        }
        return m;
    }

    /**
     * Starts a transaction at {@code home} running {@code plan}; returns its id ({@code t1, t2, ...}
     * in begin order, skipping ids already begun through {@link #begin(String, String, List)}).
     *
     * @throws IllegalArgumentException naming the step if the plan acquires an unknown resource,
     *                                  acquires one it already holds (in any mode: a shared lock is
     *                                  never upgraded) or releases one it does not hold;
     *                                  or if {@code home} is not hosted by this service
     */
    public String begin(String home, List<TxStep> plan) {
        cutwatch.topology().requireProcess(home, "lock service transaction home");
        requireHosted(home);
        String id;
        do {
            id = "t" + ids.incrementAndGet();
        } while (homeOf.containsKey(id));
        return begin(home, id, plan);
    }

    /**
     * Starts transaction {@code id} at {@code home} running {@code plan}; returns {@code id}. For a
     * lock service spread over several members, where each member's service begins its own
     * transactions and the ids must not collide. Victim policies compare ids in
     * {@link NaturalOrder} ({@code t10} after {@code t9}).
     *
     * @throws IllegalArgumentException as {@link #begin(String, List)}, or if {@code id} is blank or
     *                                  was already begun through this service
     */
    public String begin(String home, String id, List<TxStep> plan) {
        cutwatch.topology().requireProcess(home, "lock service transaction home");
        requireHosted(home);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("transaction id must be non-blank, got '" + id + "'");
        }
        List<TxStep> steps = List.copyOf(plan);
        validate(id, steps);
        if (homeOf.putIfAbsent(id, home) != null) {
            throw new IllegalArgumentException("transaction '" + id + "' was already begun through this lock service"
                    + " (at " + homeOf.get(id) + ")");
        }
        Process<LockNode> p = cutwatch.process(home);
        p.tell((node, ctx) -> node.begin(id, steps, ctx));
        return id;
    }

    private void requireHosted(String home) {
        if (!nodes.containsKey(home)) {
            throw new IllegalArgumentException("process '" + home + "' is not hosted by this lock service (hosted here: "
                    + nodes.keySet().stream().sorted(NaturalOrder.INSTANCE).toList()
                    + "); begin the transaction on the member that hosts it");
        }
    }

    /**
     * Aborts transaction {@code tx} at its home: it releases its locks, withdraws its pending
     * request and restarts after a back-off (or stays aborted when restarts are off). Idempotent;
     * aborting a committed transaction does nothing. Returns at once.
     *
     * @throws IllegalArgumentException if no transaction {@code tx} was begun through this service
     */
    public void abort(String tx) {
        String home = homeOf.get(tx);
        if (home == null) {
            throw new IllegalArgumentException("no transaction '" + tx + "' was begun through this lock service");
        }
        Process<LockNode> p = cutwatch.process(home);
        p.tell((node, ctx) -> node.abort(tx, ctx));
    }

    /** The home process of {@code tx}, or null. */
    public String homeOf(String tx) {
        return homeOf.get(tx);
    }

    /** Every transaction begun so far. */
    public Set<String> transactions() {
        return Set.copyOf(homeOf.keySet());
    }

    public Map<String, String> ownerOf() {
        return ownerOf;
    }

    /**
     * The live state of {@code process} as a view. Reading live state races with its handlers on
     * a real backend: use it on the simulator (between events) or from the process's own thread.
     */
    public LockTableView peek(String process) {
        LockNode n = nodes.get(process);
        if (n == null) {
            throw new IllegalArgumentException("no lock-service process '" + process + "' runs here");
        }
        return n.view();
    }

    /** The live status of {@code tx} (see {@link #peek} for when this may be called), or null. */
    public LockTableView.Tx status(String tx) {
        String home = homeOf.get(tx);
        return home == null ? null : peek(home).transactions().get(tx);
    }

    /** Transactions not committed yet (see {@link #peek} for when this may be called). */
    public List<String> unfinished() {
        List<String> out = new ArrayList<>();
        for (String tx : homeOf.keySet()) {
            LockTableView.Tx t = status(tx);
            if (t == null || t.status() != TxStatus.COMMITTED) {
                out.add(tx);
            }
        }
        out.sort(NaturalOrder.INSTANCE);
        return out;
    }

    private void validate(String id, List<TxStep> plan) {
        Set<String> held = new HashSet<>();
        for (int i = 0; i < plan.size(); i++) {
            TxStep s = Objects.requireNonNull(plan.get(i), "step " + i + " of " + id);
            if (s instanceof TxStep.Acquire a) {
                if (!ownerOf.containsKey(a.resource())) {
                    throw new IllegalArgumentException("step " + i + " of " + id + " acquires unknown resource '"
                            + a.resource() + "'; known: " + ownerOf.keySet());
                }
                if (!held.add(a.resource())) {
                    throw new IllegalArgumentException("step " + i + " of " + id + " acquires '" + a.resource()
                            + "', which it already holds (it would wait for itself; there are no lock upgrades)");
                }
            } else if (s instanceof TxStep.Release r) {
                if (!held.remove(r.resource())) {
                    throw new IllegalArgumentException("step " + i + " of " + id + " releases '" + r.resource()
                            + "', which it does not hold at that point");
                }
            }
        }
    }
}
