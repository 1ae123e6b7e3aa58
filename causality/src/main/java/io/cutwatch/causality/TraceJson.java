package io.cutwatch.causality;

import io.cutwatch.clock.VectorClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes traces as JSON lines: one JSON object per line, UTF-8.
 *
 * <p>The first non-blank line is a header naming the processes in vector-clock order and,
 * optionally, their initial local variables:
 * <pre>{"processes":["p","q"],"initial":{"p":{"x":0}}}</pre>
 * Every further non-blank line is one event:
 * <pre>{"process":"p","index":1,"kind":"SEND","message":"p->q#1","clock":[2,0],"vars":{"x":1},"payload":5}</pre>
 * {@code process} and {@code kind} (LOCAL, SEND, RECEIVE; any case) are required; {@code message}
 * is required for SEND and RECEIVE; {@code index} (0-based position within the process, checked
 * when present), {@code clock}, {@code vars} and {@code payload} are optional. A process's events
 * appear in its order; processes interleave freely. The writer emits events in a causal order.
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message starts with the line number.
 */
public final class TraceJson {
    private static final Set<String> HEADER_KEYS = Set.of("processes", "initial");
    private static final Set<String> EVENT_KEYS = Set.of("process", "index", "kind", "message", "clock", "vars",
            "payload");

    private TraceJson() {
    }

    /** Reads a trace file, verifying recorded clocks. */
    public static Trace read(Path file) throws IOException {
        return read(file, ClockPolicy.VERIFY);
    }

    /**
     * Reads a trace file with the given clock policy.
     *
     * @throws IllegalArgumentException naming the file and the line (and, for bytes that are not
     *                                  UTF-8, the byte offset) at fault
     */
    public static Trace read(Path file, ClockPolicy policy) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + notUtf8(file), e);
        }
    }

    /**
     * Where the first byte sequence that is not UTF-8 lies: "line L, byte B of the file: not UTF-8
     * text (0xXX)", B counting from 1.
     */
    static String notUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long consumed = 0;
        long line = 1;
        try (InputStream stream = Files.newInputStream(file)) {
            boolean eof = false;
            while (true) {
                int n = eof ? -1 : stream.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
                int before = in.position();
                CoderResult result = decoder.decode(in, out, eof);
                consumed += in.position() - before;
                out.flip();
                while (out.hasRemaining()) {
                    if (out.get() == '\n') {
                        line++;
                    }
                }
                out.clear();
                if (result.isError()) {
                    return String.format(Locale.ROOT, "line %d, byte %d of the file: not UTF-8 text (0x%02X); a trace"
                            + " is JSON lines in UTF-8", line, consumed + 1, in.get(in.position()) & 0xFF);
                }
                in.compact();
                if (eof && result.isUnderflow()) {
                    return "not UTF-8 text; a trace is JSON lines in UTF-8";
                }
            }
        }
    }

    /** Reads a trace from JSON-lines text. */
    public static Trace parse(String text) {
        try {
            return read(new StringReader(text), ClockPolicy.VERIFY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Trace read(Reader reader, ClockPolicy policy) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<String> processes = null;
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Map<String, Object>> initial = new LinkedHashMap<>();
        List<TraceEvent> events = new ArrayList<>();
        List<List<Integer>> lines = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> obj;
            try {
                Object v = Json.parse(line);
                if (!(v instanceof Map)) {
                    throw new IllegalArgumentException("expected a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) v;
                obj = m;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": malformed JSON: " + e.getMessage(), e);
            }
            try {
                if (processes == null) {
                    processes = header(obj, initial);
                    for (String p : processes) {
                        index.putIfAbsent(p, index.size());
                        lines.add(new ArrayList<>());
                    }
                    continue;
                }
                TraceEvent e = event(obj, processes, index, lines);
                events.add(e);
                lines.get(e.process()).add(lineNo);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (processes == null) {
            throw new IllegalArgumentException("line " + Math.max(1, lineNo)
                    + ": no header; the first line must be like {\"processes\":[\"p\",\"q\"]}");
        }
        return Trace.of(processes, initial, events, policy,
                e -> "line " + lines.get(e.process()).get(e.index()));
    }

    private static List<String> header(Map<String, Object> obj, Map<String, Map<String, Object>> initial) {
        if (!obj.containsKey("processes")) {
            throw new IllegalArgumentException("expected the header {\"processes\":[...]} before any event");
        }
        unknownKeys(obj, HEADER_KEYS, "header");
        if (!(obj.get("processes") instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("\"processes\" must be a non-empty array of process ids");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String str) || str.isBlank()) {
                throw new IllegalArgumentException("\"processes\" must hold non-blank strings, found " + o);
            }
            if (out.contains(str)) {
                throw new IllegalArgumentException("process '" + str + "' is listed twice in \"processes\"");
            }
            out.add(str);
        }
        Object init = obj.get("initial");
        if (init != null) {
            if (!(init instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("\"initial\" must be an object of process id to variables");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!out.contains((String) e.getKey())) {
                    throw new IllegalArgumentException("\"initial\" names unknown process '" + e.getKey()
                            + "'; processes are " + out);
                }
                if (!(e.getValue() instanceof Map<?, ?> vars)) {
                    throw new IllegalArgumentException("initial variables of '" + e.getKey() + "' must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> v = (Map<String, Object>) vars;
                initial.put((String) e.getKey(), v);
            }
        }
        return out;
    }

    private static TraceEvent event(Map<String, Object> obj, List<String> processes, Map<String, Integer> index,
                                    List<List<Integer>> lines) {
        unknownKeys(obj, EVENT_KEYS, "event");
        if (!(obj.get("process") instanceof String p)) {
            throw new IllegalArgumentException("event needs \"process\" (a string)");
        }
        Integer i = index.get(p);
        if (i == null) {
            throw new IllegalArgumentException("unknown process '" + p + "'; the header declares " + processes);
        }
        if (!(obj.get("kind") instanceof String k)) {
            throw new IllegalArgumentException("event needs \"kind\": LOCAL, SEND or RECEIVE");
        }
        EventKind kind;
        try {
            kind = EventKind.valueOf(k.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown kind '" + k + "'; expected LOCAL, SEND or RECEIVE");
        }
        int expected = lines.get(i).size();
        Object idx = obj.get("index");
        if (idx != null) {
            if (!(idx instanceof Long l) || l != expected) {
                throw new IllegalArgumentException("event of " + p + " has index " + idx + " but it is event number "
                        + expected + " (0-based) of " + p + " in this file; events of a process must be in order");
            }
        }
        Object msg = obj.get("message");
        if (msg != null && !(msg instanceof String)) {
            throw new IllegalArgumentException("\"message\" must be a string");
        }
        VectorClock clock = null;
        Object c = obj.get("clock");
        if (c != null) {
            if (!(c instanceof List<?> entries) || entries.size() != processes.size()) {
                throw new IllegalArgumentException("\"clock\" must be an array of " + processes.size()
                        + " non-negative integers (one per process), found " + c);
            }
            long[] e = new long[entries.size()];
            for (int j = 0; j < e.length; j++) {
                if (!(entries.get(j) instanceof Long l) || l < 0) {
                    throw new IllegalArgumentException("\"clock\" entry " + j + " is not a non-negative integer: "
                            + entries.get(j));
                }
                e[j] = (Long) entries.get(j);
            }
            clock = VectorClock.of(e);
        }
        Object vars = obj.get("vars");
        if (vars != null && !(vars instanceof Map)) {
            throw new IllegalArgumentException("\"vars\" must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) vars;
        return new TraceEvent(p, i, expected, kind, (String) msg, clock, v, obj.get("payload"));
    }

    private static void unknownKeys(Map<String, Object> obj, Set<String> allowed, String what) {
        for (String key : obj.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown " + what + " field \"" + key + "\"; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    /** Writes {@code trace} as JSON lines (header, then the events in a causal order). */
    public static void write(Trace trace, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"processes\":");
        Json.write(trace.processes(), sb);
        Map<String, Object> init = new LinkedHashMap<>();
        for (int i = 0; i < trace.processCount(); i++) {
            if (!trace.initialVariables(i).isEmpty()) {
                init.put(trace.processes().get(i), trace.initialVariables(i));
            }
        }
        if (!init.isEmpty()) {
            sb.append(",\"initial\":");
            Json.write(init, sb);
        }
        sb.append("}\n");
        out.write(sb.toString());
        for (TraceEvent e : trace.linearization()) {
            sb.setLength(0);
            line(e, sb);
            sb.append('\n');
            out.write(sb.toString());
        }
        out.flush();
    }

    public static void write(Trace trace, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(trace, w);
        }
    }

    /** The trace as JSON-lines text. */
    public static String toJsonLines(Trace trace) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            write(trace, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void line(TraceEvent e, StringBuilder sb) {
        sb.append("{\"process\":");
        Json.quote(e.processId(), sb);
        sb.append(",\"index\":").append(e.index());
        sb.append(",\"kind\":\"").append(e.kind()).append('"');
        if (e.messageId() != null) {
            sb.append(",\"message\":");
            Json.quote(e.messageId(), sb);
        }
        if (e.clock() != null) {
            sb.append(",\"clock\":[");
            for (int j = 0; j < e.clock().width(); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(e.clock().get(j));
            }
            sb.append(']');
        }
        if (!e.variables().isEmpty()) {
            sb.append(",\"vars\":");
            Json.write(e.variables(), sb);
        }
        if (e.payload() != null) {
            sb.append(",\"payload\":");
            Json.write(e.payload(), sb);
        }
        sb.append('}');
    }
}
