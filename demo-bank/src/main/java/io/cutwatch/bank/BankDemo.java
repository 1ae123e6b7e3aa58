package io.cutwatch.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cutwatch.model.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bank-transfer demo: branches move money around while Chandy-Lamport snapshots are taken
 * and checked for conservation. Exit code 0 iff no violation and no failed snapshot; 2 for bad
 * flags (one line naming the flag and the valid range, no stack trace); 130 when stopped by
 * Ctrl-C (SIGINT) or SIGTERM, after printing the table so far and writing the JSON report.
 */
@Command(name = "cutwatch-bank", mixinStandardHelpOptions = true, sortOptions = false, version = "cutwatch-bank 0.1.0",
        description = "Moves money between bank branches and checks that every Chandy-Lamport snapshot "
                + "conserves the total.")
public final class BankDemo implements Callable<Integer> {
    static final int MAX_BRANCHES = 256;
    static final int MAX_MEMBERS = 9;

    @Option(names = "--branches", paramLabel = "N", defaultValue = "8",
            description = "Branches (processes), 2.." + MAX_BRANCHES + "; default ${DEFAULT-VALUE}.")
    int branches;

    @Option(names = "--members", paramLabel = "M", defaultValue = "3",
            description = "Hazelcast members in this JVM, 1.." + MAX_MEMBERS + "; default ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long branches transfer (e.g. 10s, 2m), 1s..24h; default ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--snapshot-every", paramLabel = "D", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Period between snapshots, 10ms..the duration; default ${DEFAULT-VALUE}.")
    Duration snapshotEvery;

    @Option(names = "--transfer-gap", paramLabel = "D", defaultValue = "2ms", converter = DurationConverter.class,
            description = "Each branch transfers after a random gap of up to D, 1ms..10s; default ${DEFAULT-VALUE}.")
    Duration transferGap;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed for initiators (and, with --simulate, the whole run); default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full run report as JSON to FILE "
            + "(- for standard output; the table then goes to standard error). Checked before the run starts.")
    Path json;

    @Option(names = "--naive", description = "Also take strawman snapshots (balances polled one by one, no markers, "
            + "no channel recording) and count how many violate conservation.")
    boolean naive;

    @Option(names = "--save-snapshots", paramLabel = "DIR", description = "Write each global snapshot as JSON into DIR.")
    Path saveSnapshots;

    @Option(names = "--restore", paramLabel = "FILE", description = "Start from a saved snapshot: balances from its "
            + "states, its in-flight transfers re-sent on their channels.")
    Path restore;

    @Option(names = "--simulate", description = "Run on the deterministic simulator (virtual time) instead of a cluster.")
    boolean simulate;

    @Option(names = "--join", paramLabel = "HOST:PORT", description = "Multi-JVM: join the cluster of the driving JVM "
            + "at HOST:PORT (e.g. 127.0.0.1:5701) as one member; this JVM hosts --host-branches and does not drive.")
    String join;

    @Option(names = "--host-branches", paramLabel = "A-B", description = "Multi-JVM: the branch indexes this JVM hosts "
            + "(e.g. 0-3 or 5); the JVM without --join starts the cluster and drives snapshots.")
    String hostBranches;

    @Option(names = "--join-timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "Multi-JVM: how long --join waits for the driving JVM's address to answer and its cluster "
                    + "to accept this member, 1s..10m; default ${DEFAULT-VALUE}.")
    Duration joinTimeout;

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "cutwatch-bank",
            description = "Multi-JVM: the cluster name every JVM uses; default ${DEFAULT-VALUE}.")
    String clusterName;

    @Option(names = "--dashboard", paramLabel = "PORT", arity = "0..1", fallbackValue = "7070",
            description = "Serve the live web dashboard on http://127.0.0.1:PORT/ during the run (PORT 7070 when "
                    + "omitted, 0 for any free port); the URL is printed.")
    Integer dashboardPort;

    @Option(names = "--linger", description = "With --dashboard: keep serving after the run ends, until Ctrl-C.")
    boolean linger;

    /** Exit status after Ctrl-C (SIGINT) or SIGTERM: the table so far is printed, the report written. */
    static final int INTERRUPTED = 130;

    private final PrintStream out;
    private final PrintStream err;
    BankReport lastReport;
    /** Set by a signal; a run started later stops at once. */
    private volatile String stopSignal;
    private volatile BankRun current;

    BankDemo(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        BankDemo demo = new BankDemo(System.out, System.err);
        demo.handleSignals();
        System.exit(commandLine(demo).execute(args));
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM stop the run instead of the JVM: transfers and snapshots stop,
     * snapshots in flight get their grace, the table so far is printed and the JSON written, and
     * the exit status is 130. A second signal exits at once. (A JVM started in the background by
     * a non-interactive shell inherits SIGINT ignored; {@code env --default-signal=INT java ...}
     * restores it. SIGTERM always works.)
     */
    private void handleSignals() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> onSignal("SIG" + name));
            } catch (IllegalArgumentException ignoredByTheOs) {
                // SIGINT ignored by whoever started us: nothing to handle
            }
        }
    }

    void onSignal(String name) {
        if (stopSignal != null) {
            Runtime.getRuntime().halt(INTERRUPTED);
        }
        stopSignal = name;
        err.println();
        err.println("cutwatch-bank: " + name + ": stopping; the table so far follows (again to quit at once)");
        BankRun run = current;
        if (run != null) {
            run.requestStop();
        }
    }

    private boolean stopped() {
        return stopSignal != null;
    }

    /** Runs the demo with the given arguments and streams; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return commandLine(new BankDemo(out, err)).execute(args);
    }

    static CommandLine commandLine(BankDemo demo) {
        CommandLine cl = new CommandLine(demo);
        cl.setOut(new java.io.PrintWriter(demo.out, true));
        cl.setErr(new java.io.PrintWriter(demo.err, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            demo.err.println("cutwatch-bank: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                demo.err.println("cutwatch-bank: " + pe.getMessage() + " (see --help)");
                return 2;
            }
            if (ex instanceof SavedSnapshot.InvalidSnapshotFileException bad) {
                demo.err.println("cutwatch-bank: --restore: " + bad.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cl = new CommandLine(this);
        range(cl, "--branches", branches, 2, MAX_BRANCHES);
        range(cl, "--members", members, 1, MAX_MEMBERS);
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new CommandLine.ParameterException(cl, "--duration must be 1s..24h, got " + duration);
        }
        if (snapshotEvery.compareTo(Duration.ofMillis(10)) < 0 || snapshotEvery.compareTo(duration) > 0) {
            throw new CommandLine.ParameterException(cl,
                    "--snapshot-every must be 10ms..the duration (" + duration + "), got " + snapshotEvery);
        }
        if (transferGap.compareTo(Duration.ofMillis(1)) < 0 || transferGap.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new CommandLine.ParameterException(cl, "--transfer-gap must be 1ms..10s, got " + human(transferGap));
        }
        BankOptions options = new BankOptions(branches, members, duration, snapshotEvery, seed, naive,
                saveSnapshots, null, 1_000, transferGap, Duration.ofSeconds(10));
        if (restore != null) {
            if (!Files.isReadable(restore)) {
                throw new CommandLine.ParameterException(cl, "--restore: cannot read " + restore);
            }
            options = options.withRestore(SavedSnapshot.read(restore, MAX_BRANCHES));
        }
        checkJsonPath(cl);
        if (saveSnapshots != null) {
            checkSnapshotDir(cl, saveSnapshots);
        }
        boolean multiJvm = join != null || hostBranches != null;
        if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65_535)) {
            throw new CommandLine.ParameterException(cl, "--dashboard port must be 0..65535, got " + dashboardPort);
        }
        if (linger && dashboardPort == null) {
            throw new CommandLine.ParameterException(cl, "--linger keeps the dashboard up: it needs --dashboard");
        }
        if (dashboardPort != null && multiJvm) {
            throw new CommandLine.ParameterException(cl, "--dashboard runs in a single-JVM run; drop --join/--host-branches");
        }
        java.util.Set<Integer> hosted = null;
        if (multiJvm) {
            if (simulate) {
                throw new CommandLine.ParameterException(cl, "--join/--host-branches run on a cluster; drop --simulate");
            }
            if (hostBranches == null) {
                throw new CommandLine.ParameterException(cl, "--join needs --host-branches (e.g. 4-7)");
            }
            if (join != null) {
                Matcher jm = Pattern.compile("([^:\\s]+):(\\d{1,9})").matcher(join);
                if (!jm.matches()) {
                    throw new CommandLine.ParameterException(cl,
                            "--join must be HOST:PORT (e.g. 127.0.0.1:5701), got " + join);
                }
                int port = Integer.parseInt(jm.group(2));
                if (port < 1 || port > 65_535) {
                    throw new CommandLine.ParameterException(cl, "--join port must be 1..65535, got " + port
                            + " in " + join);
                }
                if (joinTimeout.compareTo(Duration.ofSeconds(1)) < 0
                        || joinTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                    throw new CommandLine.ParameterException(cl, "--join-timeout must be 1s..10m, got "
                            + human(joinTimeout));
                }
            }
            if (naive || restore != null) {
                throw new CommandLine.ParameterException(cl,
                        "--naive and --restore need every branch in one JVM; drop --join/--host-branches");
            }
            hosted = parseRange(cl, hostBranches, options.branches());
        }
        Topology topology = Topology.complete(options.restore() != null ? options.restore().branches()
                : Topology.ids("b", options.branches()));
        if (multiJvm) {
            return runMember(topology, options, hosted);
        }
        try (BankCluster cluster = openCluster(topology, options)) {
            human().printf(Locale.ROOT, "cutwatch-bank: %d branches on %s, total %,d, %s, a snapshot every %s%s%n",
                    options.branches(), cluster.simulated() ? "the simulator (virtual time)"
                            : options.members() + " Hazelcast member(s) on loopback",
                    options.expectedTotal(), human(duration), human(snapshotEvery),
                    options.restore() != null ? ", restored from snapshot " + options.restore().snapshotId() : "");
            BankRun run = start(new BankRun(options, cluster));
            try (BankDashboard dashboard = dashboardPort == null ? null
                    : BankDashboard.start(cluster.driver(), run, dashboardPort)) {
                if (dashboard != null) {
                    human().println("cutwatch-bank: dashboard at " + dashboard.url());
                }
                run.startBranches();
                int code = drive(run, () -> { });
                if (dashboard != null && linger && !stopped()) {
                    human().println("cutwatch-bank: the run is over; the dashboard stays at " + dashboard.url()
                            + " until Ctrl-C");
                    while (!stopped()) {
                        sleep(200);
                    }
                }
                return code;
            } catch (io.cutwatch.dashboard.DashboardStartException e) {
                err.println("cutwatch-bank: --dashboard: " + e.getMessage());
                return 2;
            }
        }
    }

    /** Makes {@code run} the one a signal stops (at once if a signal came already). */
    private BankRun start(BankRun run) {
        current = run;
        if (stopped()) {
            run.requestStop();
        }
        return run;
    }

    /** Runs to the end with a progress line, then prints the table and writes the JSON report. */
    private int drive(BankRun run, Runnable whenDone) throws IOException {
        ProgressLine line = new ProgressLine(err, System.console() != null);
        BankReport report = run.run(line::update);
        line.finish();
        whenDone.run();
        lastReport = report;
        printTable(report);
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (jsonToStdout()) {
                out.println(mapper.writeValueAsString(report));
                out.flush();
            } else {
                try {
                    mapper.writeValue(json.toFile(), report);
                } catch (IOException e) {
                    err.println("cutwatch-bank: --json: cannot write " + json + " ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
                    return Math.max(1, report.exitCode());
                }
                human().println("report written to " + json);
            }
        }
        return report.interrupted() ? INTERRUPTED : report.exitCode();
    }

    /** Whether {@code --json -} sends the report to standard output (the human output then goes to stderr). */
    private boolean jsonToStdout() {
        return json != null && json.toString().equals("-");
    }

    /** Where the banner, table and notes go: stdout, or stderr when stdout carries the JSON report. */
    private PrintStream human() {
        return jsonToStdout() ? err : out;
    }

    /** Refuses a --json path that cannot be written, before the run starts rather than after it. */
    private void checkJsonPath(CommandLine cl) {
        if (json == null || jsonToStdout()) {
            return;
        }
        if (Files.isDirectory(json)) {
            throw new CommandLine.ParameterException(cl, "--json: " + json
                    + " is a directory; give a file name (or - for standard output)");
        }
        Path parent = json.toAbsolutePath().getParent();
        Path shown = json.getParent() != null ? json.getParent() : parent;
        if (parent != null && !Files.exists(parent)) {
            throw new CommandLine.ParameterException(cl, "--json: folder " + shown + " does not exist");
        }
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cl, "--json: " + shown + " is a file, not a folder");
        }
        if (Files.exists(json) ? !Files.isWritable(json) : parent != null && !Files.isWritable(parent)) {
            throw new CommandLine.ParameterException(cl, "--json: cannot write " + json + " (permission denied)");
        }
    }

    /** Creates the --save-snapshots directory now, or refuses it with the reason. */
    static void checkSnapshotDir(CommandLine cl, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(cl, "--save-snapshots: " + dir + " is a file, not a directory");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new CommandLine.ParameterException(cl, "--save-snapshots: cannot create directory " + dir + ": "
                    + existing + " is a file");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "--save-snapshots: cannot create directory " + dir
                    + (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                    ? ": " + fs.getReason() : ""));
        }
        if (!Files.isWritable(dir)) {
            throw new CommandLine.ParameterException(cl, "--save-snapshots: cannot write into " + dir
                    + " (permission denied)");
        }
    }

    private BankCluster openCluster(Topology topology, BankOptions options) {
        if (simulate) {
            return new SimulatedBankCluster(topology, options.seed());
        }
        return HazelcastBankCluster.embedded(topology, options.members(), options.seed());
    }

    /** One JVM of a multi-JVM run: hosts some branches; the JVM without --join also drives snapshots. */
    private int runMember(Topology topology, BankOptions options, java.util.Set<Integer> hosted) throws IOException {
        boolean driver = join == null;
        if (!driver) {
            String unreachable = unreachable(join, joinTimeout);
            if (unreachable != null) {
                err.println("cutwatch-bank: --join " + join + ": " + unreachable
                        + "; start the driving JVM first and pass the address it prints");
                return 1;
            }
        }
        HazelcastBankCluster started;
        try {
            started = HazelcastBankCluster.member(topology, clusterName, join, hosted, options.seed(), joinTimeout);
        } catch (io.cutwatch.hazelcast.TopologyMismatchException e) {
            // The cluster runs another --branches: one line naming both topologies.
            err.println("cutwatch-bank: --branches " + branches + " does not match the cluster's: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            // Hazelcast gave up joining (it has logged why); one line here, no trace.
            err.println("cutwatch-bank: " + (driver ? "could not start a member" : "--join " + join
                    + ": could not join the cluster there") + " (" + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("") + ")");
            return 1;
        }
        try (HazelcastBankCluster cluster = started) {
            if (!driver && cluster.hazelcast().getCluster().getMembers().size() < 2) {
                err.println("cutwatch-bank: --join " + join + ": something listens there but no cluster named '"
                        + clusterName + "' accepted this member within " + human(joinTimeout)
                        + "; is it the driving JVM, started with the same --cluster?");
                return 1;
            }
            if (driver) {
                com.hazelcast.cluster.Address address = cluster.hazelcast().getCluster().getLocalMember().getAddress();
                String at = address.getHost() + ":" + address.getPort();
                human().printf(Locale.ROOT, "cutwatch-bank: listening on %s; start the other JVMs with --join %s"
                        + " --cluster %s%n", at, at, clusterName);
            }
            com.hazelcast.map.IMap<String, Boolean> control = cluster.hazelcast().getMap("cutwatch-bank.control");
            human().printf(Locale.ROOT, "cutwatch-bank: member of cluster %s hosting branches %s of %d%s%n", clusterName,
                    new java.util.TreeSet<>(hosted), options.branches(), driver ? ", driving snapshots" : "");
            BankRun run = start(new BankRun(options, cluster));
            run.holdTransfers();
            try {
                run.startBranches();
            } catch (io.cutwatch.hazelcast.ProcessAlreadyHostedException e) {
                err.println("cutwatch-bank: --host-branches " + hostBranches + ": branch " + e.processId()
                        + " is already hosted by another JVM (member " + e.member()
                        + "); give each JVM branches no other JVM hosts");
                return 2;
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!cluster.allBranchesHosted()) {
                if (stopped()) {
                    return INTERRUPTED;
                }
                if (System.nanoTime() > deadline) {
                    err.println("cutwatch-bank: not every branch was hosted within 2 minutes; start the other JVMs"
                            + " with --join and the remaining --host-branches");
                    return 1;
                }
                sleep(100);
            }
            // Every member has joined: let Hazelcast finish moving partitions to them (bounded)
            // before the clock starts, so the run's numbers are not those of the migration.
            long migrated = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cluster.hazelcast().getPartitionService().isClusterSafe() && System.nanoTime() < migrated
                    && !stopped()) {
                sleep(100);
            }
            if (!driver) {
                run.open();
                long end = System.nanoTime() + options.duration().toNanos();
                while (System.nanoTime() < end && !stopped()) {
                    sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                }
                run.stop();
                if (stopped()) {
                    return INTERRUPTED;
                }
                long until = System.nanoTime() + options.snapshotTimeout().toNanos() * 3;
                while (!Boolean.TRUE.equals(control.get("done")) && System.nanoTime() < until && !stopped()
                        && cluster.hazelcast().getCluster().getMembers().size() > 1) {
                    sleep(100);
                }
                human().println("cutwatch-bank: done hosting " + new java.util.TreeSet<>(hosted));
                return 0;
            }
            return drive(run, () -> control.put("done", true));
        }
    }

    /**
     * Null when something accepts TCP connections at {@code hostPort} within {@code timeout};
     * otherwise why not (unknown host, or nothing listening), without starting a member that would
     * quietly form a cluster of its own.
     */
    static String unreachable(String hostPort, Duration timeout) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            return "unknown host '" + host + "'";
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(address, port), (int) Math.min(1_000, left));
                return null;
            } catch (IOException e) {
                last = e.getMessage() == null ? "no answer" : e.getMessage().toLowerCase(Locale.ROOT);
            }
            if (System.nanoTime() >= deadline) {
                return "nothing listens there (" + last + " for " + human(timeout) + ")";
            }
            sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Parses "A-B" or "A" into branch indexes within [0, branches). */
    static java.util.Set<Integer> parseRange(CommandLine cl, String text, int branches) {
        Matcher m = Pattern.compile("(\\d+)(?:-(\\d+))?").matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(cl, "--host-branches must be A-B or A (e.g. 0-3), got " + text);
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
        if (a > b || b >= branches) {
            throw new CommandLine.ParameterException(cl, "--host-branches must lie within 0.." + (branches - 1)
                    + " with A <= B, got " + text);
        }
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int i = a; i <= b; i++) {
            out.add(i);
        }
        return out;
    }

    private static void range(CommandLine cl, String flag, int v, int lo, int hi) {
        if (v < lo || v > hi) {
            throw new CommandLine.ParameterException(cl, flag + " must be " + lo + ".." + hi + ", got " + v);
        }
    }

    private void printTable(BankReport r) {
        printTable(human(), r, stopSignal);
    }

    /** The end table of report {@code r} ({@code stopSignal}: what stopped an interrupted run, or null). */
    static void printTable(PrintStream out, BankReport r, String stopSignal) {
        out.println();
        if (r.interrupted()) {
            out.println("  (stopped early by " + (stopSignal != null ? stopSignal : "request") + ": the figures so far)");
        }
        out.printf(Locale.ROOT, "  %-28s %d / %d (%d skipped)%n",
                "snapshots taken / asked", r.snapshots(), r.snapshotsAsked(), r.snapshotsSkipped());
        if (r.snapshotsUnfinished() > 0) {
            out.printf(Locale.ROOT, "  %-28s %d (still in flight a second after the end; not checked)%n",
                    "snapshots unfinished", r.snapshotsUnfinished());
        }
        out.printf(Locale.ROOT, "  %-28s %s%n", "conservation violations", r.violations());
        out.printf(Locale.ROOT, "  %-28s %s%s%n", "failed snapshots", r.failed(), r.failedByReason().isEmpty() ? ""
                : " (" + r.failedByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
        if (r.naiveSnapshots() > 0) {
            out.printf(Locale.ROOT, "  %-28s %d of %d (Chandy-Lamport: %d of %d)%n", "naive snapshots violating",
                    r.naiveViolations(), r.naiveSnapshots(), r.violations(), r.snapshots());
        }
        out.printf(Locale.ROOT, "  %-28s %,d (%,.0f/s over the %.1f s from the first transfer to the %s)%n",
                "transfers", r.transfers(), r.transfersPerSecond(), r.seconds(), r.interrupted() ? "stop" : "deadline");
        out.printf(Locale.ROOT, "  %-28s %.2f ms / %.2f ms%s%n", "snapshot latency p50 / p99", r.latencyMedianMillis(),
                r.latencyP99Millis(), r.simulated() ? " (virtual)" : "");
        out.printf(Locale.ROOT, "  %-28s %,d%n", "markers sent", r.markersSent());
        out.printf(Locale.ROOT, "  %-28s %,d%n", "transfers caught in flight", r.inFlightRecorded());
        for (String v : r.violationDetails()) {
            out.println("  " + v);
        }
        for (String f : r.failures().subList(0, Math.min(5, r.failures().size()))) {
            out.println("  failed: " + f);
        }
        out.println(r.interrupted() ? (r.violations() == 0 && r.failed() == 0 ? "STOPPED: every snapshot so far conserved the total"
                : "STOPPED: " + r.violations() + " violation(s), " + r.failed() + " failed snapshot(s) so far")
                : r.exitCode() == 0 ? "OK: every snapshot conserved the total"
                : "FAILED: " + r.violations() + " violation(s), " + r.failed() + " failed snapshot(s)");
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return ms / 1_000 + "s";
        }
        return ms + "ms";
    }

    /** Parses 250ms, 10s, 2m, 1h. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern P = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = P.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration; use a number with ms, s, m or h (e.g. 500ms, 10s, 2m)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }

    /** One progress line, updated in place on a terminal, every few seconds otherwise. */
    static final class ProgressLine {
        private final PrintStream err;
        private final boolean terminal;
        private long lastPrinted = -1;

        ProgressLine(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void update(BankRun.Progress p) {
            String line = String.format(Locale.ROOT,
                    "%5.1fs / %.0fs | transfers %,d | snapshots %d | violations %d | failed %d%s",
                    p.elapsedMillis() / 1e3, p.totalMillis() / 1e3, p.transfers(), p.snapshots(), p.violations(),
                    p.failed(), p.naiveViolations() > 0 ? " | naive violations " + p.naiveViolations() : "");
            if (terminal) {
                err.print("\r" + line + "   ");
                err.flush();
            } else if (lastPrinted < 0 || p.elapsedMillis() - lastPrinted >= 5_000
                    || p.elapsedMillis() == p.totalMillis()) {
                err.println(line);
                lastPrinted = p.elapsedMillis();
            }
        }

        void finish() {
            if (terminal) {
                err.println();
            }
        }
    }
}
