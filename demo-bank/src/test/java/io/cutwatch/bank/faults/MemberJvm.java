package io.cutwatch.bank.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/**
 * A {@link FaultMember} JVM started by the test inside a network namespace: its events as they
 * arrive, its commands, and the signals the faults send it (SIGSTOP, SIGCONT, SIGKILL) by pid
 * ({@code ip netns exec} execs the JVM, so the pid is the JVM's).
 */
final class MemberJvm implements AutoCloseable {
    /** One {@code EVT KIND t=.. k=v ...} line. */
    record Event(String kind, long time, Map<String, String> fields, String line) {
        String get(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new AssertionError("event has no " + key + ": " + line);
            }
            return v;
        }

        long num(String key) {
            return Long.parseLong(get(key));
        }

        static Event parse(String line) {
            String[] w = line.split(" ");
            Map<String, String> f = new HashMap<>();
            for (int i = 2; i < w.length; i++) {
                int eq = w[i].indexOf('=');
                if (eq > 0) {
                    f.put(w[i].substring(0, eq), w[i].substring(eq + 1));
                }
            }
            return new Event(w[1], Long.parseLong(f.getOrDefault("t", "0")), f, line);
        }
    }

    final String name;
    private final java.lang.Process process;
    private final PrintWriter commands;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Path log;

    private MemberJvm(String name, java.lang.Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "events-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts member {@code name} in its namespace: {@code args} after the class name, its standard
     * error (logs) in {@code dir/name.log}.
     */
    static MemberJvm start(NetworkNamespaces net, String name, Path dir, List<String> jvmProperties,
                           String... args) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : System.getProperty("cutwatch.test.jvmFlags", "").split(" ")) {
            if (!flag.isBlank()) {
                java.add(flag);
            }
        }
        java.add("-Xmx384m");
        java.add("-Djava.net.preferIPv4Stack=true");
        java.add("-Dhazelcast.phone.home.enabled=false");
        java.addAll(jvmProperties);
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(FaultMember.class.getName());
        java.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        java.lang.Process p = new ProcessBuilder(net.exec(name, java)).redirectError(Redirect.to(log.toFile())).start();
        return new MemberJvm(name, p, log);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("EVT ")) {
                    events.add(Event.parse(line));
                }
            }
        } catch (IOException e) {
            events.add(Event.parse("EVT READ_ERROR t=" + System.currentTimeMillis() + " error=" + e));
        }
    }

    /** Sends one command line. */
    void send(String command) {
        commands.println(command);
    }

    /** Every event so far. */
    List<Event> events() {
        return List.copyOf(events);
    }

    /** Events of {@code kind} so far. */
    List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** Waits up to {@code atMost} for an event of {@code kind} matching {@code test}, and returns the first. */
    Event await(String kind, Predicate<Event> test, Duration atMost) {
        org.awaitility.Awaitility.await(name + " reports " + kind).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> events(kind).stream().anyMatch(test));
        return events(kind).stream().filter(test).findFirst().orElseThrow();
    }

    /** This member's JVM pid (the same as the {@code ip netns exec} it was started by). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the JVM freezes, sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    /** SIGKILL (kill -9): no shutdown of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void signal(String sig) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", sig, Long.toString(pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill " + sig + " " + pid() + " failed: " + rc);
        }
    }

    /** The member's log (standard error), for failure messages. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly(); // SIGKILL ends a stopped JVM too
    }
}
