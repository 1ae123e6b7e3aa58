package io.cutwatch.causality;

import io.cutwatch.model.ChannelId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The global state of a consistent cut: each process's local variables after its last event in
 * the cut, and each channel's contents, i.e. the messages sent inside the cut and not received
 * inside it (in transit), in send order.
 *
 * <p>A view over the trace: creating one is O(n); local variables are O(1) to read; channel
 * contents are computed on first use in O(sends inside the cut) and cached. Not thread-safe for the
 * first channel query; otherwise immutable.
 */
public final class GlobalState {
    private final Trace trace;
    private final int[] cut;
    private List<Message> inTransit;

    GlobalState(Trace trace, int[] cut) {
        this.trace = trace;
        this.cut = cut;
    }

    /**
     * The global state of {@code cut}.
     *
     * @throws IllegalArgumentException if the cut does not fit the trace or is inconsistent (the
     *                                  message names the breaking send/receive pair)
     */
    public static GlobalState of(Trace trace, Cut cut) {
        CutCheck check = Causality.isConsistent(trace, cut);
        if (!check.consistent()) {
            throw new IllegalArgumentException("no global state for an inconsistent cut: " + check.reason());
        }
        return new GlobalState(trace, cut.toArray());
    }

    public Trace trace() {
        return trace;
    }

    public Cut cut() {
        return Cut.of(cut);
    }

    /** Number of events of process {@code i} inside the cut. */
    public int length(int i) {
        return cut[i];
    }

    /** Local variables of process {@code i} after its last event in the cut. */
    public Map<String, Object> variables(int i) {
        return trace.localState(i, cut[i]);
    }

    public Map<String, Object> variables(String processId) {
        return variables(trace.indexOf(processId));
    }

    /** One local variable, or {@code null} if the process has no such variable. */
    public Object get(String processId, String variable) {
        return variables(processId).get(variable);
    }

    /**
     * A numeric local variable as a long.
     *
     * @throws IllegalArgumentException if missing or not a number, naming process and variable
     */
    public long getLong(String processId, String variable) {
        Object v = get(processId, variable);
        if (v instanceof Number num) {
            return num.longValue();
        }
        throw new IllegalArgumentException("variable '" + variable + "' of " + processId + " in state " + cutText()
                + " is " + (v == null ? "missing" : "not a number: " + v));
    }

    /** The last event of process {@code i} inside the cut, if any. */
    public Optional<TraceEvent> lastEvent(int i) {
        return cut[i] == 0 ? Optional.empty() : Optional.of(trace.event(i, cut[i] - 1));
    }

    /** All messages in transit in this state, by sender process then send order. */
    public List<Message> inTransit() {
        List<Message> m = inTransit;
        if (m == null) {
            List<Message> out = new ArrayList<>();
            for (int i = 0; i < cut.length; i++) {
                int[] sends = trace.sends[i];
                int[] rp = trace.recvProc[i];
                int[] rl = trace.recvLen[i];
                for (int s : sends) {
                    if (s >= cut[i]) {
                        break;
                    }
                    if (rp[s] < 0 || rl[s] > cut[rp[s]]) {
                        out.add(trace.message(trace.event(i, s).messageId()));
                    }
                }
            }
            inTransit = m = Collections.unmodifiableList(out);
        }
        return m;
    }

    /** Messages in transit from {@code from} to {@code to}, in send order. */
    public List<Message> channel(String from, String to) {
        trace.indexOf(from);
        if (!Message.UNKNOWN_RECEIVER.equals(to)) {
            trace.indexOf(to);
        }
        List<Message> out = new ArrayList<>();
        for (Message msg : inTransit()) {
            if (msg.from().equals(from) && msg.to().equals(to)) {
                out.add(msg);
            }
        }
        return out;
    }

    /** Non-empty channels and their contents, sorted by channel. */
    public Map<ChannelId, List<Message>> channels() {
        Map<ChannelId, List<Message>> out = new TreeMap<>();
        for (Message msg : inTransit()) {
            out.computeIfAbsent(new ChannelId(msg.from(), msg.to()), k -> new ArrayList<>()).add(msg);
        }
        return out;
    }

    private String cutText() {
        return Cut.wrap(cut).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobalState g && g.trace == trace && java.util.Arrays.equals(g.cut, cut);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(cut);
    }

    /** {@code (2,1) p{x=1} q{y=0} in transit [m2 (p1 -> q2)]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(cutText());
        for (int i = 0; i < cut.length; i++) {
            sb.append(' ').append(trace.processes().get(i)).append(variables(i));
        }
        List<Message> t = inTransit();
        if (!t.isEmpty()) {
            sb.append(" in transit ").append(t);
        }
        return sb.toString();
    }
}
