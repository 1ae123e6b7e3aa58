package io.cutwatch.causality;

import io.cutwatch.model.Topology;
import io.cutwatch.clock.VectorClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the events of running processes into a {@link Trace}.
 *
 * <p>{@link #disabled()} is the default: a shared instance whose methods return at once without
 * looking at their arguments and without allocating, so leaving the hooks in production code costs
 * one (inlinable) virtual call. Build expensive arguments, such as the variables map, only when
 * {@link #isEnabled()} is true.
 *
 * <p>An enabled recorder ({@link #create(List)}) is thread-safe: any thread may record for any
 * process; events of one process are numbered in the order their {@code record} calls complete, so
 * each process must record its own events in program order (as a single-threaded process does).
 * {@link #toTrace()} takes a snapshot; take it when the processes are quiescent, otherwise a receive
 * may be recorded before its send and the snapshot is rejected.
 */
public abstract class TraceRecorder {

    TraceRecorder() {
    }

    /** The no-op recorder: records nothing, costs nothing. */
    public static TraceRecorder disabled() {
        return Disabled.INSTANCE;
    }

    /** A recording recorder for these processes (in vector-clock order), verifying clocks. */
    public static TraceRecorder create(List<String> processes) {
        return new Enabled(processes, ClockPolicy.VERIFY);
    }

    /** A recording recorder with an explicit clock policy. */
    public static TraceRecorder create(List<String> processes, ClockPolicy policy) {
        return new Enabled(processes, policy);
    }

    /** A recording recorder for the topology's processes. */
    public static TraceRecorder create(Topology topology) {
        return new Enabled(topology.processes(), ClockPolicy.VERIFY);
    }

    /**
     * This recorder as a {@link io.cutwatch.process.ProcessEventListener}: register it with
     * {@link io.cutwatch.Cutwatch#onEvent} before starting processes and every application event
     * (local, send, receive, with its vector clock and message id {@code from->to#seq}) is
     * recorded. Markers are not events, so the runtime's clocks verify as they are. No local
     * variables are recorded this way; record them yourself where you need them.
     */
    public io.cutwatch.process.ProcessEventListener listener() {
        return e -> record(e.process(), EventKind.valueOf(e.kind().name()), e.messageId(), e.clock(), null,
                e.payload());
    }

    /** Whether events are being recorded. */
    public abstract boolean isEnabled();

    /**
     * Records the next event of {@code processId}.
     *
     * @param messageId {@code from->to#seq} by convention; {@code null} for a local event
     * @param clock     the process's vector clock after the event, or {@code null} to let the trace
     *                  derive it
     * @param vars      local variables after the event (only those that changed, or all), or
     *                  {@code null}
     * @throws IllegalArgumentException (when enabled) for an unknown process or a kind/message id
     *                                  mismatch
     */
    public abstract void record(String processId, EventKind kind, String messageId, VectorClock clock,
                                Map<String, Object> vars);

    /** As {@link #record(String, EventKind, String, VectorClock, Map)} with a message payload (sends). */
    public abstract void record(String processId, EventKind kind, String messageId, VectorClock clock,
                                Map<String, Object> vars, Object payload);

    /** Sets the local variables of {@code processId} before its first event. */
    public abstract void initial(String processId, Map<String, Object> vars);

    /** Number of events recorded so far. */
    public abstract int eventCount();

    /**
     * A snapshot of what was recorded.
     *
     * @throws IllegalStateException    when disabled
     * @throws IllegalArgumentException when the events do not form a valid trace (see {@link Trace})
     */
    public abstract Trace toTrace();

    /** Records a local event with a derived clock. */
    public final void local(String processId, Map<String, Object> vars) {
        record(processId, EventKind.LOCAL, null, null, vars, null);
    }

    /** Records a send with a derived clock. */
    public final void send(String processId, String messageId, Map<String, Object> vars, Object payload) {
        record(processId, EventKind.SEND, messageId, null, vars, payload);
    }

    /** Records a receive with a derived clock. */
    public final void receive(String processId, String messageId, Map<String, Object> vars) {
        record(processId, EventKind.RECEIVE, messageId, null, vars, null);
    }

    private static final class Disabled extends TraceRecorder {
        static final Disabled INSTANCE = new Disabled();

        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public void record(String processId, EventKind kind, String messageId, VectorClock clock,
                           Map<String, Object> vars) {
        }

        @Override
        public void record(String processId, EventKind kind, String messageId, VectorClock clock,
                           Map<String, Object> vars, Object payload) {
        }

        @Override
        public void initial(String processId, Map<String, Object> vars) {
        }

        @Override
        public int eventCount() {
            return 0;
        }

        @Override
        public Trace toTrace() {
            throw new IllegalStateException("recording is disabled: create the recorder with TraceRecorder.create(...)");
        }
    }

    private static final class Enabled extends TraceRecorder {
        private final List<String> processes;
        private final Map<String, Integer> index;
        private final List<List<TraceEvent>> events;
        private final Map<String, Map<String, Object>> initial = new LinkedHashMap<>();
        private final ClockPolicy policy;

        Enabled(List<String> processes, ClockPolicy policy) {
            this.processes = List.copyOf(processes);
            this.policy = Objects.requireNonNull(policy, "policy");
            Map<String, Integer> idx = new HashMap<>();
            List<List<TraceEvent>> ev = new ArrayList<>();
            for (String p : this.processes) {
                if (idx.putIfAbsent(p, idx.size()) != null) {
                    throw new IllegalArgumentException("duplicate process id '" + p + "' in " + processes);
                }
                ev.add(new ArrayList<>());
            }
            if (idx.isEmpty()) {
                throw new IllegalArgumentException("a recorder needs at least one process");
            }
            this.index = Map.copyOf(idx);
            this.events = List.copyOf(ev);
        }

        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public void record(String processId, EventKind kind, String messageId, VectorClock clock,
                           Map<String, Object> vars) {
            record(processId, kind, messageId, clock, vars, null);
        }

        @Override
        public void record(String processId, EventKind kind, String messageId, VectorClock clock,
                           Map<String, Object> vars, Object payload) {
            int i = process(processId);
            List<TraceEvent> list = events.get(i);
            synchronized (list) {
                list.add(new TraceEvent(processId, i, list.size(), kind, messageId, clock, vars, payload));
            }
        }

        private int process(String processId) {
            Integer i = processId == null ? null : index.get(processId);
            if (i == null) {
                throw new IllegalArgumentException("unknown process '" + processId + "'; the recorder knows " + processes);
            }
            return i;
        }

        @Override
        public void initial(String processId, Map<String, Object> vars) {
            process(processId);
            synchronized (initial) {
                initial.put(processId, TraceEvent.normalizeMap(vars));
            }
        }

        @Override
        public int eventCount() {
            int c = 0;
            for (List<TraceEvent> l : events) {
                synchronized (l) {
                    c += l.size();
                }
            }
            return c;
        }

        @Override
        public Trace toTrace() {
            List<TraceEvent> all = new ArrayList<>();
            for (List<TraceEvent> l : events) {
                synchronized (l) {
                    all.addAll(l);
                }
            }
            Map<String, Map<String, Object>> init;
            synchronized (initial) {
                init = new LinkedHashMap<>(initial);
            }
            return Trace.of(processes, init, all, policy);
        }
    }
}
