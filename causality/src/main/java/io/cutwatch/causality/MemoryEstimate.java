package io.cutwatch.causality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line's memory estimates, made before the work starts so that what cannot fit in the
 * heap is refused with what to do instead rather than ending in an {@link OutOfMemoryError}.
 *
 * <p>A trace of n processes and E events holds a vector clock of n entries per event twice (the
 * derivation table of ints and each event's clock of longs): about (E + n) * n * 4 + E * n * 8
 * bytes plus a few hundred bytes per event. Walking the lattice level by level holds two levels
 * and the growing next one, n ints per state; the states walked are at most the limit asked for
 * and at most the product of (events + 1) over the processes. The estimates count these arrays
 * only, so they are lower bounds; the command also turns an OutOfMemoryError into the same advice.
 */
final class MemoryEstimate {
    static final String ADVICE = "write a trace of fewer processes, check a conjunctive predicate with --mark "
            + "(polynomial, no lattice), or give Java a larger heap (java -Xmx...)";
    private static final int BYTES_PER_EVENT = 256;
    /** The shortest event line the reader accepts is about this long: bounds the events of a file by its size. */
    private static final int MIN_EVENT_LINE = 30;

    private MemoryEstimate() {
    }

    /** Refuses a trace whose clocks cannot fit in the heap; reads the file only when its size says it might not. */
    static void checkTrace(Path file) throws IOException {
        long size = Files.size(file);
        Header h = header(file);
        if (h == null) {
            return; // the reader names what is wrong with the header
        }
        if (traceBytes(h.processes, size / MIN_EVENT_LINE) <= available()) {
            return;
        }
        long events = countEvents(file);
        long need = traceBytes(h.processes, events);
        if (need > available()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s has %,d processes and %,d events: their vector clocks need about %s but the heap has %s free "
                            + "(of %s at most); %s", file.getFileName(), h.processes, events, human(need),
                    human(available()), human(Runtime.getRuntime().maxMemory()), ADVICE.replace("(java -Xmx...)",
                            "(java -Xmx" + gigabytes(need) + "g ...)")));
        }
    }

    /** Refuses a lattice walk of up to {@code maxStates} states that cannot fit in the heap. */
    static void checkLattice(Path file, Trace trace, long maxStates, String what) {
        int n = trace.processCount();
        long product = 1;
        for (int i = 0; i < n && product <= maxStates; i++) {
            product = saturatingMultiply(product, trace.length(i) + 1L);
        }
        long states = Math.min(maxStates, product);
        long perState = 3L * n * Integer.BYTES;
        long need = saturatingMultiply(states, perState);
        long free = available();
        if (need > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s has %,d processes and %,d events: %s up to %,d states of the lattice needs about %s but the "
                            + "heap has %s free; lower --max-states (about %,d fit), %s", file.getFileName(), n,
                    trace.eventCount(), what, maxStates, human(need), human(free), free / perState,
                    ADVICE.replace("(java -Xmx...)", "(java -Xmx" + gigabytes(need) + "g ...)")));
        }
    }

    static long traceBytes(long processes, long events) {
        long clocks = saturatingMultiply(saturatingMultiply(events + processes, processes), Integer.BYTES);
        long eventClocks = saturatingMultiply(saturatingMultiply(events, processes), Long.BYTES);
        return saturatingAdd(saturatingAdd(clocks, eventClocks),
                saturatingMultiply(events + processes, BYTES_PER_EVENT));
    }

    /** What the heap can still take: its maximum less what is in use now. */
    static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    static String human(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static long gigabytes(long bytes) {
        return bytes == Long.MAX_VALUE ? Long.MAX_VALUE / (1L << 30) : bytes / (1L << 30) + 1;
    }

    private record Header(int processes) {
    }

    /** The process count of the header line, or null when the header is missing or malformed. */
    private static Header header(Path file) throws IOException {
        try (BufferedReader in = reader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (Json.parse(line) instanceof Map<?, ?> m && m.get("processes") instanceof List<?> l) {
                        return new Header(l.size());
                    }
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
                return null;
            }
        }
        return null;
    }

    private static long countEvents(Path file) throws IOException {
        long events = -1; // the header is not an event
        try (BufferedReader in = reader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    events++;
                }
            }
        }
        return Math.max(0, events);
    }

    /** A lenient reader: bytes that are not UTF-8 are replaced here; the trace reader reports them. */
    private static BufferedReader reader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    private static long saturatingMultiply(long a, long b) {
        long r = a * b;
        long hi = Math.multiplyHigh(a, b);
        if ((hi == 0 && r >= 0) || (hi == -1 && r < 0)) {
            return r;
        }
        return Long.MAX_VALUE;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
