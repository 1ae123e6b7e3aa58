package io.cutwatch.causality;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line: read a JSON-lines trace, print lattice statistics, check a cut or an order, write
 * the lattice as DOT or the trace as a ShiViz log.
 *
 * <pre>
 * CausalityCli TRACE.jsonl [stats] [--cut 2,1] [--order p0,q0,q1,p1] [--dot lattice.dot]
 *              [--mark p.x=1,q.y=2] [--shiviz trace.log] [--shiviz-upload trace.log] [--max-states N]
 *              [--recompute-clocks]
 * </pre>
 *
 * Exit status: 0 when every requested check passes, 1 when a cut is inconsistent or an order is not
 * a linearization, 2 for a usage or input error (one line on stderr naming the line, byte or event
 * at fault) and for work that cannot fit in the heap: before reading a trace and before walking
 * the lattice the command estimates the memory it needs and refuses, saying what to do instead,
 * rather than running out of memory.
 */
public final class CausalityCli {
    static final String USAGE = String.join("\n",
            "usage: CausalityCli TRACE.jsonl [stats] [options]",
            "  stats                 trace summary and lattice states per level (the default)",
            "  --cut 2,1,...         is this cut (events per process) consistent?",
            "  --order p0,q0,...     is this order a run? a linearization?",
            "  --dot FILE            write the lattice of consistent states as Graphviz DOT",
            "  --mark p.x=1,q.y=2    a conjunction of local equalities: report possibly (polynomial)",
            "                        and fill the states where it holds in the DOT output",
            "  --shiviz FILE         write the trace in ShiViz's log format (to paste into ShiViz)",
            "  --shiviz-upload FILE  the same with ShiViz's header lines (to upload as a file)",
            "  --max-states N        stop counting (stats) / refuse to draw (dot) above N states, N >= 1",
            "                        (defaults 10000000 / 5000)",
            "  --recompute-clocks    ignore recorded vector clocks instead of verifying them");

    private CausalityCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        boolean stats = false;
        String cut = null;
        String order = null;
        Path dot = null;
        Path shiviz = null;
        boolean shivizHeader = false;
        String mark = null;
        Long maxStates = null;
        ClockPolicy policy = ClockPolicy.VERIFY;
        try {
            for (int a = 0; a < args.length; a++) {
                String arg = args[a];
                switch (arg) {
                    case "stats" -> stats = true;
                    case "--cut" -> cut = value(args, ++a, arg);
                    case "--order" -> order = value(args, ++a, arg);
                    case "--dot" -> dot = Path.of(value(args, ++a, arg));
                    case "--shiviz" -> shiviz = Path.of(value(args, ++a, arg));
                    case "--shiviz-upload" -> {
                        shiviz = Path.of(value(args, ++a, arg));
                        shivizHeader = true;
                    }
                    case "--mark" -> mark = value(args, ++a, arg);
                    case "--max-states" -> {
                        String v = value(args, ++a, arg);
                        try {
                            maxStates = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--max-states needs a number, got '" + v + "'");
                        }
                        if (maxStates < 1) {
                            throw new IllegalArgumentException("--max-states must be a positive number, got " + v);
                        }
                    }
                    case "--recompute-clocks" -> policy = ClockPolicy.RECOMPUTE;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (arg.startsWith("-") || file != null) {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                        file = Path.of(arg);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (file == null) {
            err.println("error: no trace file given");
            err.println(USAGE);
            return 2;
        }
        boolean anything = cut != null || order != null || dot != null || shiviz != null || mark != null;
        boolean walk = stats || !anything;
        long statsLimit = maxStates == null ? 10_000_000L : maxStates;
        long dotLimit = maxStates == null ? LatticeDot.DEFAULT_MAX_STATES : maxStates;
        Trace trace = null;
        try {
            try {
                MemoryEstimate.checkTrace(file);
                trace = TraceJson.read(file, policy);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such trace file: " + file);
            }
            ConjunctivePredicate marked = mark == null ? null : parseMark(mark, trace);
            if (shiviz != null) {
                try {
                    ShiVizExport.checkHosts(trace);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException((shivizHeader ? "--shiviz-upload: " : "--shiviz: ")
                            + e.getMessage(), e);
                }
            }
            if (walk) {
                MemoryEstimate.checkLattice(file, trace, statsLimit, "counting");
            }
            if (dot != null) {
                MemoryEstimate.checkLattice(file, trace, dotLimit, "drawing");
            }
            int status = 0;
            if (walk) {
                printStats(trace, out, statsLimit);
            }
            if (cut != null) {
                CutCheck check = Causality.isConsistent(trace, Cut.parse(cut));
                out.println(check.reason());
                if (!check.consistent()) {
                    status = 1;
                }
            }
            if (order != null) {
                OrderCheck check = Orders.checkLinearization(trace, Orders.parse(trace, order));
                out.println(check.verdict() + ": " + check.reason());
                if (!check.isLinearization()) {
                    status = 1;
                }
            }
            if (marked != null) {
                out.println(marked.possibly(trace).explanation());
            }
            if (dot != null) {
                try (Writer w = Files.newBufferedWriter(dot, StandardCharsets.UTF_8)) {
                    LatticeDot.write(trace, marked, w, dotLimit);
                }
                out.println("wrote lattice DOT to " + dot);
            }
            if (shiviz != null) {
                try (Writer w = Files.newBufferedWriter(shiviz, StandardCharsets.UTF_8)) {
                    ShiVizExport.write(trace, w, shivizHeader);
                }
                out.println("wrote ShiViz log to " + shiviz + (shivizHeader
                        ? " (upload it to ShiViz as a file)" : " (paste it into ShiViz with the default parser)"));
            }
            return status;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()).lines().findFirst().orElse(""));
            return 2;
        } catch (OutOfMemoryError e) {
            // The estimate let this through (it counts the main arrays only): same advice, no trace.
            trace = null;
            err.println("error: " + file.getFileName() + ": ran out of memory (heap "
                    + MemoryEstimate.human(Runtime.getRuntime().maxMemory()) + "); " + MemoryEstimate.ADVICE);
            return 2;
        }
    }

    private static String value(String[] args, int a, String flag) {
        if (a >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[a];
    }

    /** {@code p.x=1,q.done=true}: values are JSON (numbers, booleans, quoted strings) or bare strings. */
    static ConjunctivePredicate parseMark(String spec, Trace trace) {
        ConjunctivePredicate.Builder b = ConjunctivePredicate.builder();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            int dotAt = eq < 0 ? -1 : p.lastIndexOf('.', eq);
            if (eq < 0 || dotAt <= 0 || dotAt + 1 >= eq) {
                throw new IllegalArgumentException("--mark: '" + p + "' is not process.variable=value");
            }
            String process = p.substring(0, dotAt);
            if (!trace.processes().contains(process)) {
                throw new IllegalArgumentException("--mark: unknown process '" + process + "'; processes are "
                        + abbreviate(trace.processes()));
            }
            String variable = p.substring(dotAt + 1, eq);
            java.util.Set<String> known = variables(trace, trace.indexOf(process));
            if (!known.contains(variable)) {
                throw new IllegalArgumentException("--mark: process " + process + " has no variable '" + variable
                        + "' in the trace (its variables: " + (known.isEmpty() ? "none" : String.join(", ", known))
                        + ")");
            }
            String raw = p.substring(eq + 1).trim();
            Object value;
            try {
                value = Json.parse(raw);
            } catch (IllegalArgumentException notJson) {
                value = raw;
            }
            b.equals(process, variable, value);
        }
        return b.build();
    }

    /** The variables process {@code i} ever has: its initial ones and every one an event sets. */
    private static java.util.Set<String> variables(Trace trace, int i) {
        java.util.Set<String> vars = new java.util.TreeSet<>(trace.initialVariables(i).keySet());
        for (TraceEvent e : trace.events(i)) {
            vars.addAll(e.variables().keySet());
        }
        return vars;
    }

    private static String abbreviate(List<String> processes) {
        return processes.size() <= 10 ? processes.toString()
                : processes.subList(0, 10).toString().replace("]", ", ... (" + processes.size() + " in all)]");
    }

    static void printStats(Trace trace, PrintStream out, long maxStates) {
        out.println("processes: " + trace.processes());
        StringBuilder per = new StringBuilder();
        for (int i = 0; i < trace.processCount(); i++) {
            per.append(i == 0 ? "" : ", ").append(trace.processes().get(i)).append('=').append(trace.length(i));
        }
        long inTransit = trace.messages().stream().filter(m -> m.receive() == null).count();
        out.println("events: " + trace.eventCount() + " (" + per + ")");
        out.println("messages: " + trace.messages().size() + " (" + inTransit + " never received)");
        Lattice.Stats s = Lattice.of(trace).stats(maxStates, Lattice.Strategy.CANONICAL_PARENT);
        List<Long> levels = s.statesPerLevel();
        for (int k = 0; k < levels.size(); k++) {
            out.println("level " + k + ": " + levels.get(k) + " state(s)");
        }
        if (s.complete()) {
            out.println("consistent global states: " + s.states() + ", transitions: " + s.transitions()
                    + ", levels: " + levels.size() + ", widest level: " + s.widestLevel() + " (" + s.width()
                    + " states)");
        } else {
            out.println("stopped after level " + s.lastLevel() + ": more than " + maxStates
                    + " consistent global states (" + s.states() + " counted); raise --max-states to count all");
        }
    }
}
