package io.cutwatch.causality;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Exports a trace in the log format ShiViz reads with its default parser regular expression
 * {@value #DEFAULT_REGEX}: for each event, one line of event text, then one line with the host
 * and its vector clock as a JSON object of host to count (zero entries omitted).
 *
 * <pre>
 * p1 send p-&gt;q#1 {"x":1}
 * p {"p":2}
 * </pre>
 *
 * Paste the output of {@link #toLog(Trace)} into ShiViz's log box (default regular expression);
 * {@link #toFile(Trace)} prepends the two header lines ShiViz expects when a file is uploaded (the
 * regular expression and an empty multiple-executions delimiter). Host names have white space
 * replaced by {@code _}; two processes whose host names would then be equal (such as {@code "a b"}
 * and {@code "a_b"}) are refused, since ShiViz would merge them. Event text is kept on one line.
 */
public final class ShiVizExport {
    /** ShiViz's default parser regular expression. */
    public static final String DEFAULT_REGEX = "(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})";

    private ShiVizExport() {
    }

    /**
     * Writes the log of {@code trace} to {@code out}, with ShiViz's file header lines when
     * {@code fileHeader} is set.
     *
     * @throws IllegalArgumentException when two processes map to the same host name (nothing is
     *                                  written)
     */
    public static void write(Trace trace, Writer out, boolean fileHeader) throws IOException {
        checkHosts(trace);
        StringBuilder sb = new StringBuilder();
        if (fileHeader) {
            sb.append(DEFAULT_REGEX).append("\n\n");
        }
        for (TraceEvent e : trace.linearization()) {
            sb.append(text(e)).append('\n');
            sb.append(host(e.processId())).append(" {");
            boolean first = true;
            for (int j = 0; j < trace.processCount(); j++) {
                long v = e.clock().get(j);
                if (v == 0) {
                    continue;
                }
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                Json.quote(host(trace.processes().get(j)), sb);
                sb.append(':').append(v);
            }
            sb.append("}\n");
            out.write(sb.toString());
            sb.setLength(0);
        }
        out.write(sb.toString());
        out.flush();
    }

    /** The log to paste into ShiViz. */
    public static String toLog(Trace trace) {
        return render(trace, false);
    }

    /** The log with ShiViz's file header lines, for uploading as a file. */
    public static String toFile(Trace trace) {
        return render(trace, true);
    }

    private static String render(Trace trace, boolean header) {
        StringWriter w = new StringWriter();
        try {
            write(trace, w, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Checks that the processes of {@code trace} have distinct ShiViz host names.
     *
     * @throws IllegalArgumentException naming the two processes and the host name they share
     */
    public static void checkHosts(Trace trace) {
        java.util.Map<String, String> byHost = new java.util.HashMap<>();
        for (String p : trace.processes()) {
            String other = byHost.putIfAbsent(host(p), p);
            if (other != null) {
                throw new IllegalArgumentException("processes '" + other + "' and '" + p + "' would both be ShiViz host '"
                        + host(p) + "' (white space becomes _); rename one of them");
            }
        }
    }

    static String host(String processId) {
        return processId.replaceAll("\\s", "_");
    }

    private static String text(TraceEvent e) {
        StringBuilder sb = new StringBuilder(e.name());
        switch (e.kind()) {
            case SEND -> sb.append(" send ").append(e.messageId());
            case RECEIVE -> sb.append(" recv ").append(e.messageId());
            default -> sb.append(" local");
        }
        if (!e.variables().isEmpty()) {
            sb.append(' ');
            Json.write(e.variables(), sb);
        }
        if (e.payload() != null) {
            sb.append(" payload=");
            Json.write(e.payload(), sb);
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
