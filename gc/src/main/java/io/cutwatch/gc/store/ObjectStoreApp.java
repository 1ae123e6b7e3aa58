package io.cutwatch.gc.store;

import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.process.Process;
import io.cutwatch.model.ChannelId;
import io.cutwatch.gc.ObjectRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The sample application: a distributed object store run by actor-like processes. On a timer,
 * each process mutates its heap at random: allocates objects, links references it holds into
 * objects it reaches, drops references and roots (leaving garbage), passes references to other
 * processes in messages ({@link StoreMessage.Adopt}, {@link StoreMessage.StoreRef}), and builds
 * rings of objects over 2..5 processes ({@link StoreMessage.RingHop}) whose root it may drop
 * once the ring closes, leaving a distributed garbage cycle.
 *
 * <p>It obeys the mutator rule of {@link ObjectStore} (work only on locally reachable objects,
 * hand out only references held), so garbage stays garbage. Each process runs
 * {@link Options#operations()} timer operations, then stops; messages in flight still get
 * handled, so a simulation of it goes quiet. Deterministic under the simulator for a seed.
 */
public final class ObjectStoreApp {
    /**
     * @param initialRoots     root objects each process starts with
     * @param operations       timer operations per process before it stops mutating
     * @param maxGap           maximum time between two operations of a process
     * @param ringProbability  chance that an operation builds a ring over 2..5 processes
     * @param unrootClosedRing chance that a ring's head loses its root when the ring closes
     */
    public record Options(int initialRoots, int operations, Duration maxGap, double ringProbability,
                          double unrootClosedRing) {
        public Options {
            if (initialRoots < 0 || operations < 0) {
                throw new IllegalArgumentException("initialRoots and operations must be >= 0, got "
                        + initialRoots + ", " + operations);
            }
            Objects.requireNonNull(maxGap, "maxGap");
            if (maxGap.toNanos() < 1_000) {
                throw new IllegalArgumentException("maxGap must be at least 1 microsecond, got " + maxGap);
            }
            if (ringProbability < 0 || ringProbability > 1 || unrootClosedRing < 0 || unrootClosedRing > 1) {
                throw new IllegalArgumentException("probabilities must be in [0, 1], got " + ringProbability
                        + ", " + unrootClosedRing);
            }
        }

        /** 4 roots, 40 operations at most 2 ms apart, 10% rings, 70% of closed rings unrooted. */
        public static Options defaults() {
            return new Options(4, 40, Duration.ofMillis(2), 0.10, 0.7);
        }

        public Options withOperations(int n) {
            return new Options(initialRoots, n, maxGap, ringProbability, unrootClosedRing);
        }
    }

    private final Map<String, ObjectStore> stores;
    private final Map<String, Process<ObjectStore>> processes;

    private ObjectStoreApp(Map<String, ObjectStore> stores, Map<String, Process<ObjectStore>> processes) {
        this.stores = Collections.unmodifiableMap(stores);
        this.processes = Collections.unmodifiableMap(processes);
    }

    /** Starts one store process for every process of {@code cutwatch}'s topology. */
    public static ObjectStoreApp start(Cutwatch cutwatch, Options options) {
        return start(cutwatch, options, cutwatch.topology().processes());
    }

    /**
     * Starts the store processes {@code hosted} on {@code cutwatch}: on a cluster, each member
     * starts its share of the topology's processes (every process on exactly one member).
     *
     * @throws io.cutwatch.model.UnknownProcessException if a process is not in the topology
     */
    public static ObjectStoreApp start(Cutwatch cutwatch, Options options, Collection<String> hosted) {
        Objects.requireNonNull(options, "options");
        Map<String, ObjectStore> stores = new LinkedHashMap<>();
        Map<String, Process<ObjectStore>> procs = new LinkedHashMap<>();
        for (String id : hosted) {
            ObjectStore store = new ObjectStore(id);
            for (int i = 0; i < options.initialRoots(); i++) {
                store.allocateRoot();
            }
            store.operationsLeft = options.operations();
            stores.put(id, store);
            procs.put(id, cutwatch.process(id, store)
                    .capture(ObjectStore::capture)
                    .onStart((s, ctx) -> tick(s, ctx, options))
                    .onMessage((s, from, payload, ctx) -> s.handle((StoreMessage) payload, ctx,
                            options.unrootClosedRing()))
                    .start());
        }
        return new ObjectStoreApp(stores, procs);
    }

    /**
     * The live stores of the processes started here, by process id. For inspection from outside the processes (tests, the demo)
     * only when the processes are not running, e.g. between simulation steps.
     */
    public Map<String, ObjectStore> stores() {
        return stores;
    }

    public Map<String, Process<ObjectStore>> processes() {
        return processes;
    }

    private static void tick(ObjectStore s, Context ctx, Options options) {
        if (s.operationsLeft-- <= 0) {
            return;
        }
        mutate(s, ctx, options);
        long gap = 1 + ctx.random().nextInt((int) Math.max(1, options.maxGap().toNanos() / 1_000));
        ctx.schedule(Duration.ofNanos(gap * 1_000), () -> tick(s, ctx, options));
    }

    /** One random operation on {@code s} by the rules of {@link ObjectStore}. */
    static void mutate(ObjectStore s, Context ctx, Options options) {
        Random rnd = ctx.random();
        List<Long> live = s.locallyReachable();
        List<ObjectRef> held = new ArrayList<>();
        List<ObjectRef> remote = new ArrayList<>();
        for (long id : live) {
            held.add(s.ref(id));
            for (ObjectRef r : s.references(id)) {
                if (!r.process().equals(s.self())) {
                    held.add(r);
                    remote.add(r);
                }
            }
        }
        List<String> neighbours = ctx.neighbours();
        if (live.isEmpty() || rnd.nextDouble() < 0.05) {
            s.allocateRoot();
            return;
        }
        if (rnd.nextDouble() < options.ringProbability() && !neighbours.isEmpty()) {
            List<String> others = new ArrayList<>(neighbours);
            Collections.shuffle(others, rnd);
            int k = 1 + rnd.nextInt(Math.min(4, others.size()));
            List<String> path = others.subList(0, k);
            if (ringPossible(s.self(), path, ctx)) {
                s.startRing(new ArrayList<>(path), ctx);
                return;
            }
        }
        long a = live.get(rnd.nextInt(live.size()));
        switch (rnd.nextInt(7)) {
            case 0 -> {
                long id = s.allocate();
                if (rnd.nextBoolean()) {
                    s.root(id);
                } else {
                    s.addReference(a, s.ref(id));
                }
            }
            case 1 -> s.addReference(a, held.get(rnd.nextInt(held.size())));
            case 2, 3 -> {
                List<ObjectRef> refs = s.references(a);
                if (!refs.isEmpty()) {
                    s.removeReference(a, refs.get(rnd.nextInt(refs.size())));
                }
            }
            case 4 -> {
                List<Long> roots = new ArrayList<>(s.roots());
                s.unroot(roots.get(rnd.nextInt(roots.size())));
            }
            case 5 -> {
                if (!remote.isEmpty()) {
                    ObjectRef target = remote.get(rnd.nextInt(remote.size()));
                    if (neighbours.contains(target.process())) {
                        ctx.send(target.process(), new StoreMessage.StoreRef(target, held.get(rnd.nextInt(held.size()))));
                    }
                }
            }
            default -> {
                if (!neighbours.isEmpty()) {
                    ctx.send(neighbours.get(rnd.nextInt(neighbours.size())),
                            new StoreMessage.Adopt(held.get(rnd.nextInt(held.size()))));
                }
            }
        }
    }

    private static boolean ringPossible(String self, List<String> others, Context ctx) {
        String prev = self;
        for (String o : others) {
            if (!ctx.topology().contains(ChannelId.of(prev, o))) {
                return false;
            }
            prev = o;
        }
        return ctx.topology().contains(ChannelId.of(prev, self));
    }
}
