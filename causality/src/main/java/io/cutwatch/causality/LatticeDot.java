package io.cutwatch.causality;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;

/**
 * Writes the lattice of consistent global states as a Graphviz DOT digraph, drawn like the
 * lecture diagrams: the initial state at the bottom, one row per level, state {@code S21} meaning
 * "p has executed 2 events, q 1" (with commas, {@code S(2,10,1)}, once a count exceeds 9), each
 * edge labelled with the event it executes, and the states satisfying a predicate filled.
 *
 * <p>Streams the lattice level by level; refuses lattices above a state limit (a drawing of more
 * than a few thousand states is unreadable anyway).
 */
public final class LatticeDot {
    /** Default limit on the number of states drawn. */
    public static final long DEFAULT_MAX_STATES = 5_000;

    private LatticeDot() {
    }

    /**
     * Writes the DOT text.
     *
     * @param marked    states satisfying it are filled; may be {@code null}
     * @param maxStates limit on the number of states
     * @throws IllegalArgumentException if the lattice has more than {@code maxStates} states
     */
    public static void write(Trace trace, GlobalPredicate marked, Writer out, long maxStates) throws IOException {
        Lattice lattice = Lattice.of(trace);
        Lattice.Stats stats = lattice.stats(maxStates, Lattice.Strategy.CANONICAL_PARENT);
        if (!stats.complete() || stats.states() > maxStates) {
            throw new IllegalArgumentException("the lattice has more than " + maxStates
                    + " states; too many to draw (raise the limit or draw a smaller trace)");
        }
        int n = trace.processCount();
        StringBuilder sb = new StringBuilder();
        sb.append("digraph lattice {\n");
        sb.append("  // consistent global states of a trace of ").append(trace.processes())
                .append(": S<k0><k1>.. = number of events each process has executed\n");
        sb.append("  rankdir=BT;\n");
        sb.append("  node [shape=ellipse, fontname=\"Helvetica\"];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        if (marked != null) {
            sb.append("  label=\"filled: states where ").append(escape(marked.describe())).append(" holds\";\n");
        }
        boolean wide = false;
        for (int i = 0; i < n; i++) {
            wide |= trace.length(i) > 9;
        }
        Iterator<Lattice.Level> it = lattice.levels();
        while (it.hasNext()) {
            Lattice.Level level = it.next();
            sb.append("  { rank=same;");
            for (int s = 0; s < level.size(); s++) {
                sb.append(' ').append(id(level.cut(s))).append(';');
            }
            sb.append(" }\n");
            for (int s = 0; s < level.size(); s++) {
                Cut c = level.cut(s);
                sb.append("  ").append(id(c)).append(" [label=\"").append(label(c, wide)).append('"');
                if (marked != null && Predicates.evaluate(marked, new GlobalState(trace, c.toArray()))) {
                    sb.append(", style=filled, fillcolor=\"lightblue\"");
                }
                sb.append("];\n");
                int[] raw = c.raw();
                for (int i = 0; i < n; i++) {
                    if (Lattice.enabled(trace, raw, i)) {
                        sb.append("  ").append(id(c)).append(" -> ").append(id(c.advance(i)))
                                .append(" [label=\"").append(escape(trace.event(i, raw[i]).name())).append("\"];\n");
                    }
                }
            }
            out.write(sb.toString());
            sb.setLength(0);
        }
        out.write("}\n");
        out.flush();
    }

    /** The DOT text as a string (default state limit). */
    public static String toDot(Trace trace, GlobalPredicate marked) {
        StringWriter w = new StringWriter();
        try {
            write(trace, marked, w, DEFAULT_MAX_STATES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The node id of a cut, e.g. {@code s2_1}. */
    static String id(Cut c) {
        StringBuilder sb = new StringBuilder("s");
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) {
                sb.append('_');
            }
            sb.append(c.get(i));
        }
        return sb.toString();
    }

    static String label(Cut c, boolean wide) {
        if (wide) {
            return "S" + c;
        }
        StringBuilder sb = new StringBuilder("S");
        for (int i = 0; i < c.size(); i++) {
            sb.append(c.get(i));
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
