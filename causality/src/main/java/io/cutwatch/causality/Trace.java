package io.cutwatch.causality;

import io.cutwatch.model.Topology;

import io.cutwatch.clock.VectorClock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable record of one execution: for each process, its events in order, plus the
 * processes' initial local variables.
 *
 * <p>Construction checks the trace and fails with an {@link IllegalArgumentException} naming the
 * offending event: every message id is sent at most once and received at most once, every receive
 * names a message that some event sends (on another process), and sends and receives do not form a
 * causal cycle. The trace then derives every event's vector clock from process order and message
 * matching (see {@link ClockPolicy}); recorded clocks are checked against it or replaced.
 *
 * <p>Construction costs O(E·n) time and memory for E events and n processes (one clock of n
 * entries per event). Every query is then cheap: {@link #happenedBefore} is O(1), the clock of any
 * prefix is O(1) to read. Safe to share between threads.
 */
public final class Trace {
    private static final Pattern CONVENTIONAL_ID = Pattern.compile("^(.+)->(.+)#.*$");

    private final List<String> processes;
    private final Map<String, Integer> index;
    private final List<Map<String, Object>> initial;
    private final List<List<TraceEvent>> events;
    private final int n;
    /** Number of events per process. */
    final int[] length;
    /** {@code vc[i][k*n + j]}: entry j of the clock of process i after its first k events (k = 0 .. length[i]). */
    final int[][] vc;
    /** For event k of process i: if a receive, the sender's process and the prefix length that contains the send; else -1. */
    final int[][] sendProc;
    final int[][] sendLen;
    /** For event k of process i: if a send that is received, the receiver's process and the prefix length that contains the receive; else -1. */
    final int[][] recvProc;
    final int[][] recvLen;
    /** Positions of the send events of each process. */
    final int[][] sends;
    private final Map<String, Message> messages;
    /** One linearization (the order the clocks were derived in): process indexes and event indexes. */
    private final int[] linProc;
    private final int[] linIndex;
    private final int total;
    private final Object[] stateLocks;
    private final AtomicReferenceArray<List<Map<String, Object>>> stateCache;

    private Trace(List<String> processes, Map<String, ? extends Map<String, ?>> initialVariables,
                  List<TraceEvent> input, ClockPolicy policy, Function<TraceEvent, String> where) {
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(input, "events");
        Objects.requireNonNull(policy, "policy");
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("a trace needs at least one process");
        }
        this.processes = List.copyOf(processes);
        this.index = Topology.indexProcesses(processes);
        this.n = processes.size();

        List<Map<String, Object>> init = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            init.add(Map.of());
        }
        if (initialVariables != null) {
            for (Map.Entry<String, ? extends Map<String, ?>> e : initialVariables.entrySet()) {
                Integer i = index.get(e.getKey());
                if (i == null) {
                    throw new IllegalArgumentException("initial variables given for unknown process '" + e.getKey()
                            + "'; processes are " + processes);
                }
                init.set(i, TraceEvent.normalizeMap(e.getValue()));
            }
        }
        this.initial = List.copyOf(init);

        // bucket per process, checking order
        List<List<TraceEvent>> per = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            per.add(new ArrayList<>());
        }
        for (TraceEvent e : input) {
            Objects.requireNonNull(e, "event");
            Integer i = index.get(e.processId());
            if (i == null) {
                throw new IllegalArgumentException("event " + e.name() + at(where, e) + " names unknown process '"
                        + e.processId() + "'; processes are " + processes);
            }
            if (e.process() != i) {
                throw new IllegalArgumentException("event " + e.name() + at(where, e) + " has process index "
                        + e.process() + " but '" + e.processId() + "' is process " + i);
            }
            List<TraceEvent> list = per.get(i);
            if (e.index() != list.size()) {
                throw new IllegalArgumentException("event " + e.name() + at(where, e) + " comes after "
                        + list.size() + " event(s) of " + e.processId() + ": events of a process must be given in"
                        + " order, expected " + TraceEvent.name(e.processId(), list.size()));
            }
            list.add(e);
        }
        this.length = new int[n];
        int tot = 0;
        for (int i = 0; i < n; i++) {
            length[i] = per.get(i).size();
            tot += length[i];
        }
        this.total = tot;

        // messages
        sendProc = new int[n][];
        sendLen = new int[n][];
        recvProc = new int[n][];
        recvLen = new int[n][];
        sends = new int[n][];
        Map<String, TraceEvent> sent = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int len = length[i];
            sendProc[i] = filled(len);
            sendLen[i] = filled(len);
            recvProc[i] = filled(len);
            recvLen[i] = filled(len);
            int count = 0;
            for (TraceEvent e : per.get(i)) {
                if (e.kind() == EventKind.SEND) {
                    count++;
                    TraceEvent prev = sent.putIfAbsent(e.messageId(), e);
                    if (prev != null) {
                        throw new IllegalArgumentException("event " + e.name() + at(where, e) + " sends message '"
                                + e.messageId() + "', which " + prev.name() + at(where, prev)
                                + " already sent; message ids must be unique");
                    }
                }
            }
            sends[i] = new int[count];
            int c = 0;
            for (TraceEvent e : per.get(i)) {
                if (e.kind() == EventKind.SEND) {
                    sends[i][c++] = e.index();
                }
            }
        }
        Map<String, TraceEvent> received = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (TraceEvent e : per.get(i)) {
                if (e.kind() != EventKind.RECEIVE) {
                    continue;
                }
                TraceEvent s = sent.get(e.messageId());
                if (s == null) {
                    throw new IllegalArgumentException("event " + e.name() + at(where, e) + " receives message '"
                            + e.messageId() + "' that no event of the trace sends");
                }
                if (s.process() == i) {
                    throw new IllegalArgumentException("event " + e.name() + at(where, e) + " receives message '"
                            + e.messageId() + "' sent by its own process (" + s.name() + "); channels join distinct processes");
                }
                TraceEvent prev = received.putIfAbsent(e.messageId(), e);
                if (prev != null) {
                    throw new IllegalArgumentException("event " + e.name() + at(where, e) + " receives message '"
                            + e.messageId() + "', which " + prev.name() + at(where, prev) + " already received");
                }
                sendProc[i][e.index()] = s.process();
                sendLen[i][e.index()] = s.index() + 1;
                recvProc[s.process()][s.index()] = i;
                recvLen[s.process()][s.index()] = e.index() + 1;
            }
        }

        // derive clocks in a causal order
        vc = new int[n][];
        for (int i = 0; i < n; i++) {
            vc[i] = new int[(length[i] + 1) * n];
        }
        linProc = new int[tot];
        linIndex = new int[tot];
        int[] ptr = new int[n];
        int done = 0;
        boolean progress = true;
        while (done < tot && progress) {
            progress = false;
            for (int i = 0; i < n; i++) {
                int[] row = vc[i];
                while (ptr[i] < length[i]) {
                    int k = ptr[i];
                    int s = sendProc[i][k];
                    int sl = sendLen[i][k];
                    if (s >= 0 && ptr[s] < sl) {
                        break;
                    }
                    System.arraycopy(row, k * n, row, (k + 1) * n, n);
                    row[(k + 1) * n + i] = k + 1;
                    if (s >= 0) {
                        int[] srow = vc[s];
                        int base = (k + 1) * n;
                        int sbase = sl * n;
                        for (int j = 0; j < n; j++) {
                            if (srow[sbase + j] > row[base + j]) {
                                row[base + j] = srow[sbase + j];
                            }
                        }
                    }
                    linProc[done] = i;
                    linIndex[done] = k;
                    done++;
                    ptr[i]++;
                    progress = true;
                }
            }
        }
        if (done < tot) {
            for (int i = 0; i < n; i++) {
                if (ptr[i] < length[i]) {
                    TraceEvent e = per.get(i).get(ptr[i]);
                    TraceEvent s = per.get(sendProc[i][ptr[i]]).get(sendLen[i][ptr[i]] - 1);
                    throw new IllegalArgumentException("event " + e.name() + at(where, e) + " receives message '"
                            + e.messageId() + "' whose send " + s.name() + at(where, s)
                            + " cannot happen before it: sends and receives form a causal cycle");
                }
            }
        }

        // attach clocks
        List<List<TraceEvent>> evs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<TraceEvent> out = new ArrayList<>(length[i]);
            for (TraceEvent e : per.get(i)) {
                long[] c = new long[n];
                int base = (e.index() + 1) * n;
                for (int j = 0; j < n; j++) {
                    c[j] = vc[i][base + j];
                }
                VectorClock derived = VectorClock.of(c);
                if (policy == ClockPolicy.VERIFY && e.clock() != null && !e.clock().equals(derived)) {
                    throw new IllegalArgumentException("event " + e.name() + at(where, e) + " was recorded with clock "
                            + e.clock() + " but process order and messages give " + derived
                            + " (an event is missing or out of order; use ClockPolicy.RECOMPUTE to ignore recorded clocks)");
                }
                out.add(derived.equals(e.clock()) ? e : e.withClock(derived));
            }
            evs.add(Collections.unmodifiableList(out));
        }
        this.events = List.copyOf(evs);

        Map<String, Message> msgs = new LinkedHashMap<>();
        for (TraceEvent s : sent.values()) {
            TraceEvent send = events.get(s.process()).get(s.index());
            int rp = recvProc[s.process()][s.index()];
            TraceEvent recv = rp < 0 ? null : events.get(rp).get(recvLen[s.process()][s.index()] - 1);
            String to = recv != null ? recv.processId() : conventionalReceiver(send.messageId());
            msgs.put(send.messageId(), new Message(send.messageId(), send.processId(), to, send, recv));
        }
        this.messages = Collections.unmodifiableMap(msgs);
        this.stateCache = new AtomicReferenceArray<>(n);
        this.stateLocks = new Object[n];
        for (int i = 0; i < n; i++) {
            stateLocks[i] = new Object();
        }
    }

    private String conventionalReceiver(String id) {
        Matcher m = CONVENTIONAL_ID.matcher(id);
        if (m.matches() && index.containsKey(m.group(2))) {
            return m.group(2);
        }
        return Message.UNKNOWN_RECEIVER;
    }

    private static int[] filled(int len) {
        int[] a = new int[len];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    private static String at(Function<TraceEvent, String> where, TraceEvent e) {
        if (where == null) {
            return "";
        }
        String w = where.apply(e);
        return w == null ? "" : " (" + w + ")";
    }

    /**
     * A trace of the given events, checking recorded clocks ({@link ClockPolicy#VERIFY}).
     *
     * @param processes        process ids in vector-clock order
     * @param initialVariables each process's local variables before its first event; may be
     *                         {@code null} or miss processes (empty)
     * @param events           all events; those of one process in order (index 0, 1, ...),
     *                         interleaved with other processes' in any way
     */
    public static Trace of(List<String> processes, Map<String, ? extends Map<String, ?>> initialVariables,
                           List<TraceEvent> events) {
        return new Trace(processes, initialVariables, events, ClockPolicy.VERIFY, null);
    }

    /** As {@link #of(List, Map, List)} with an explicit clock policy. */
    public static Trace of(List<String> processes, Map<String, ? extends Map<String, ?>> initialVariables,
                           List<TraceEvent> events, ClockPolicy policy) {
        return new Trace(processes, initialVariables, events, policy, null);
    }

    /** As above; {@code where} describes an event's origin (e.g. a line number) for error messages. */
    static Trace of(List<String> processes, Map<String, ? extends Map<String, ?>> initialVariables,
                    List<TraceEvent> events, ClockPolicy policy, Function<TraceEvent, String> where) {
        return new Trace(processes, initialVariables, events, policy, where);
    }

    /** Process ids in vector-clock order. */
    public List<String> processes() {
        return processes;
    }

    public int processCount() {
        return n;
    }

    /** The position of {@code processId}; throws naming the known processes if unknown. */
    public int indexOf(String processId) {
        Integer i = index.get(processId);
        if (i == null) {
            throw new IllegalArgumentException("unknown process '" + processId + "'; processes are " + processes);
        }
        return i;
    }

    /** Events of process {@code i}, in order. */
    public List<TraceEvent> events(int i) {
        return events.get(i);
    }

    public List<TraceEvent> events(String processId) {
        return events.get(indexOf(processId));
    }

    /** Event {@code k} (0-based) of process {@code i}. */
    public TraceEvent event(int i, int k) {
        return events.get(i).get(k);
    }

    /** Number of events of process {@code i}. */
    public int length(int i) {
        return length[i];
    }

    /** Total number of events. */
    public int eventCount() {
        return total;
    }

    /** The cut holding no event. */
    public Cut bottom() {
        return Cut.wrap(new int[n]);
    }

    /** The cut holding every event. */
    public Cut top() {
        return Cut.wrap(length.clone());
    }

    /** Local variables of process {@code i} before its first event. */
    public Map<String, Object> initialVariables(int i) {
        return initial.get(i);
    }

    /** Messages in order of their send events (process by process). */
    public Collection<Message> messages() {
        return messages.values();
    }

    /** The message with this id, or {@code null}. */
    public Message message(String id) {
        return messages.get(id);
    }

    /**
     * The event named {@code name}: a process id followed by the 0-based event index, e.g.
     * {@code p0}, {@code q2}; {@code id.index} (e.g. {@code n1.0}) is accepted for every process
     * and required when the id ends in a digit.
     *
     * @throws IllegalArgumentException if no event has that name, naming what was wrong
     */
    public TraceEvent event(String name) {
        Objects.requireNonNull(name, "name");
        String s = name.trim();
        TraceEvent found = null;
        for (int i = 0; i < n; i++) {
            String p = processes.get(i);
            if (!s.startsWith(p) || s.length() == p.length()) {
                continue;
            }
            String rest = s.substring(p.length());
            boolean needsDot = Character.isDigit(p.charAt(p.length() - 1));
            if (rest.charAt(0) == '.') {
                rest = rest.substring(1);
            } else if (needsDot) {
                continue;
            }
            if (rest.isEmpty() || !rest.chars().allMatch(Character::isDigit) || rest.length() > 9) {
                continue;
            }
            int k = Integer.parseInt(rest);
            if (k >= length[i]) {
                throw new IllegalArgumentException("unknown event '" + name + "': process " + p + " has only "
                        + length[i] + " event(s) (" + (length[i] == 0 ? "none" : TraceEvent.name(p, 0) + ".."
                        + TraceEvent.name(p, length[i] - 1)) + ")");
            }
            if (found != null) {
                throw new IllegalArgumentException("ambiguous event name '" + name + "': both " + found.name()
                        + " of " + found.processId() + " and event " + k + " of " + p + "; use id.index");
            }
            found = events.get(i).get(k);
        }
        if (found == null) {
            throw new IllegalArgumentException("unknown event '" + name + "': expected a process id followed by an"
                    + " event index, e.g. " + TraceEvent.name(processes.get(0), 0) + "; processes are " + processes);
        }
        return found;
    }

    /**
     * Whether {@code a} happened before {@code b} (Lamport's relation: a chain of process order and
     * send-to-receive steps leads from a to b). Irreflexive. O(1).
     */
    public boolean happenedBefore(TraceEvent a, TraceEvent b) {
        requireOwn(a);
        requireOwn(b);
        if (a.process() == b.process()) {
            return a.index() < b.index();
        }
        return vc[b.process()][(b.index() + 1) * n + a.process()] >= a.index() + 1;
    }

    /** Distinct events neither of which happened before the other. O(1). */
    public boolean concurrent(TraceEvent a, TraceEvent b) {
        return !a.equals(b) && !happenedBefore(a, b) && !happenedBefore(b, a);
    }

    void requireOwn(TraceEvent e) {
        if (e.process() >= n || e.index() >= length[e.process()]
                || !events.get(e.process()).get(e.index()).equals(e)) {
            throw new IllegalArgumentException("event " + e.name() + " is not an event of this trace");
        }
    }

    /**
     * One linearization of the trace (an order of all events that respects happened-before): the
     * order in which clocks were derived. Useful as a readable file order.
     */
    public List<TraceEvent> linearization() {
        List<TraceEvent> out = new ArrayList<>(total);
        for (int x = 0; x < total; x++) {
            out.add(events.get(linProc[x]).get(linIndex[x]));
        }
        return out;
    }

    /**
     * Local variables of process {@code i} after its first {@code k} events: the initial variables
     * overlaid with each event's variables in order. Computed once per process on first use
     * (O(events of i) time; maps are shared between consecutive states when an event changes no
     * variable or records a full state).
     */
    public Map<String, Object> localState(int i, int k) {
        List<Map<String, Object>> row = stateCache.get(i);
        if (row == null) {
            synchronized (stateLocks[i]) {
                row = stateCache.get(i);
                if (row == null) {
                    row = computeStates(i);
                    stateCache.set(i, row);
                }
            }
        }
        return row.get(k);
    }

    private List<Map<String, Object>> computeStates(int i) {
        List<Map<String, Object>> row = new ArrayList<>(length[i] + 1);
        Map<String, Object> cur = initial.get(i);
        row.add(cur);
        for (int k = 0; k < length[i]; k++) {
            Map<String, Object> vars = events.get(i).get(k).variables();
            if (!vars.isEmpty()) {
                if (vars.keySet().containsAll(cur.keySet())) {
                    cur = vars;
                } else {
                    LinkedHashMap<String, Object> next = new LinkedHashMap<>(cur);
                    next.putAll(vars);
                    cur = new FrozenMap(next);
                }
            }
            row.add(cur);
        }
        return row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && processes.equals(t.processes) && initial.equals(t.initial)
                && events.equals(t.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(processes, initial, events);
    }

    @Override
    public String toString() {
        return "Trace" + processes + " with " + total + " events and " + messages.size() + " messages";
    }
}
