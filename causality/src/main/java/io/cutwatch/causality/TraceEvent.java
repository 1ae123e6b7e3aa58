package io.cutwatch.causality;

import io.cutwatch.clock.VectorClock;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of one process in a {@link Trace}.
 *
 * @param processId the process's id, e.g. {@code "p"}
 * @param process   the process's position in the trace (the vector-clock index)
 * @param index     0-based position of the event within its process; the event is the
 *                  {@code index + 1}-th event of the process
 * @param kind      local step, send or receive
 * @param messageId the message sent or received; {@code null} exactly for {@link EventKind#LOCAL}
 * @param clock     the event's vector clock; may be {@code null} in an event handed to
 *                  {@link Trace#of}, never {@code null} in an event read from a trace
 * @param variables local variables after the event. Only the variables that the event names
 *                  change; the others keep their previous value (so an event may record a full
 *                  state or just what changed). Never {@code null}; values are normalised to JSON
 *                  values (see {@link #normalize(Object)})
 * @param payload   optional message content of a send (JSON value, e.g. an amount); {@code null}
 *                  for none
 */
public record TraceEvent(String processId, int process, int index, EventKind kind, String messageId,
                         VectorClock clock, Map<String, Object> variables, Object payload) {

    public TraceEvent {
        Objects.requireNonNull(processId, "processId");
        Objects.requireNonNull(kind, "kind");
        if (process < 0) {
            throw new IllegalArgumentException("process index must be >= 0, got " + process);
        }
        if (index < 0) {
            throw new IllegalArgumentException("event index must be >= 0, got " + index + " on " + processId);
        }
        if (kind == EventKind.LOCAL && messageId != null) {
            throw new IllegalArgumentException("local event " + name(processId, index)
                    + " names a message ('" + messageId + "'); only SEND and RECEIVE do");
        }
        if (kind != EventKind.LOCAL && (messageId == null || messageId.isEmpty())) {
            throw new IllegalArgumentException(kind + " event " + name(processId, index) + " has no message id");
        }
        variables = normalizeMap(variables);
        payload = normalize(payload);
    }

    /**
     * The event's name: process id followed by the 0-based index, as in the textbook ({@code p0},
     * {@code p1}, ...). When the process id itself ends in a digit a dot separates them
     * ({@code n1.0}) so names stay unambiguous.
     */
    public String name() {
        return name(processId, index);
    }

    static String name(String processId, int index) {
        boolean digit = !processId.isEmpty() && Character.isDigit(processId.charAt(processId.length() - 1));
        return processId + (digit ? "." : "") + index;
    }

    /** This event with another clock (used by a trace to attach the derived clock). */
    TraceEvent withClock(VectorClock c) {
        return new TraceEvent(processId, process, index, kind, messageId, c, variables, payload);
    }

    @Override
    public String toString() {
        return name() + (kind == EventKind.LOCAL ? "" : (kind == EventKind.SEND ? " send " : " recv ") + messageId);
    }

    /** Variables normalised with {@link #normalize(Object)} into an unmodifiable, ordered map. */
    static Map<String, Object> normalizeMap(Map<?, ?> vars) {
        if (vars == null || vars.isEmpty()) {
            return Map.of();
        }
        if (vars instanceof FrozenMap f) {
            return f;
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : vars.entrySet()) {
            out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
        }
        return new FrozenMap(out);
    }

    /**
     * Maps a value to a JSON value so that traces compare equal after a JSON round trip: integral
     * numbers become {@link Long}, other numbers {@link Double}, characters and enums strings,
     * maps unmodifiable {@code Map<String,Object>}, collections and arrays unmodifiable lists,
     * anything else its {@code toString()}.
     */
    static Object normalize(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return d.doubleValue();
            }
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Character || v instanceof Enum<?>) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            return normalizeMap(m);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(normalize(o));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Object[] a) {
            return normalize(java.util.Arrays.asList(a));
        }
        if (v instanceof long[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (long x : a) {
                out.add(x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof int[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int x : a) {
                out.add((long) x);
            }
            return Collections.unmodifiableList(out);
        }
        return v.toString();
    }
}
