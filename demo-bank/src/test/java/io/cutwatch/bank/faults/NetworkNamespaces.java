package io.cutwatch.bank.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces the fault tests create and always delete (Linux, root, iproute2): a
 * "switch" namespace holding a bridge, and one namespace per member joined to the bridge by a
 * veth pair, with a private address ({@value #SUBNET}.N/24) that exists only inside these
 * namespaces. Cutting a member's network sets its port on the bridge down; healing sets it up.
 *
 * <p>Every namespace is named {@value #PREFIX}{@code <pid>-<name>} after the JVM that made it, so a
 * run deletes the leftovers of a crashed earlier run (whose JVM is gone) and never touches those
 * of a run still going. {@link #close()} deletes them (a JVM shutdown hook does too, for a test
 * JVM that is stopped); deleting a namespace deletes its veth ends and bridge with it.
 */
final class NetworkNamespaces implements AutoCloseable {
    static final String PREFIX = "cwf";
    static final String SUBNET = "10.213.47";

    private final String tag = PREFIX + ProcessHandle.current().pid() + "-";
    private final String switchNs = tag + "sw";
    private final Map<String, String> members = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteAll, "delete-network-namespaces");

    private NetworkNamespaces() {
    }

    /**
     * Why namespaces cannot be made here (not Linux, no {@code ip}, not permitted), or null when
     * they can: tried for real with a probe namespace, deleted again at once.
     */
    static String unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "network namespaces need Linux, this is " + System.getProperty("os.name");
        }
        String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Result r = run("ip", "netns", "add", probe);
            if (r.code != 0) {
                return "cannot create a network namespace (ip netns add: " + r.output.strip()
                        + "); the fault tests need root and iproute2";
            }
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException e) {
            return "cannot run 'ip' (" + e.getMessage() + "); the fault tests need iproute2 and root";
        }
    }

    /**
     * Creates the switch and one namespace per name, member {@code i} at {@value #SUBNET}.(i+2);
     * on any failure deletes what it made and throws.
     */
    static NetworkNamespaces create(List<String> names) throws IOException {
        deleteLeftovers();
        NetworkNamespaces n = new NetworkNamespaces();
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.add(n.switchNs);
            n.ip("-n", n.switchNs, "link", "add", "br0", "type", "bridge");
            n.ip("-n", n.switchNs, "link", "set", "br0", "up");
            for (int i = 0; i < names.size(); i++) {
                String ns = n.tag + names.get(i);
                n.add(ns);
                String port = "p" + names.get(i);
                n.ip("-n", n.switchNs, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
                n.ip("-n", n.switchNs, "link", "set", port, "master", "br0");
                n.ip("-n", n.switchNs, "link", "set", port, "up");
                n.ip("-n", ns, "addr", "add", SUBNET + "." + (i + 2) + "/24", "dev", "eth0");
                n.ip("-n", ns, "link", "set", "eth0", "up");
                n.ip("-n", ns, "link", "set", "lo", "up");
                n.members.put(names.get(i), SUBNET + "." + (i + 2));
            }
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The namespace of member {@code name}. */
    String namespace(String name) {
        return tag + name;
    }

    /** The address of member {@code name}, inside its namespace. */
    String address(String name) {
        return members.get(name);
    }

    /** Every member's address. */
    List<String> addresses() {
        return List.copyOf(members.values());
    }

    /** Cuts member {@code name} off the others (its port on the bridge goes down). */
    void cut(String name) throws IOException {
        ip("-n", switchNs, "link", "set", "p" + name, "down");
    }

    /** Connects member {@code name} again. */
    void heal(String name) throws IOException {
        ip("-n", switchNs, "link", "set", "p" + name, "up");
    }

    /** The command that runs {@code command} inside member {@code name}'s namespace. */
    List<String> exec(String name, List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace(name)));
        out.addAll(command);
        return out;
    }

    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran: nothing left to remove
        }
    }

    private synchronized void deleteAll() {
        for (int i = created.size() - 1; i >= 0; i--) {
            delete(created.get(i));
        }
        created.clear();
    }

    private void add(String ns) throws IOException {
        ip("netns", "add", ns);
        created.add(ns);
    }

    private void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Result r = run(cmd.toArray(String[]::new));
        if (r.code != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.output.strip());
        }
    }

    /** Deletes namespaces of this prefix whose JVM is gone (a run that crashed before its cleanup). */
    static void deleteLeftovers() throws IOException {
        for (String line : run("ip", "netns", "list").output.split("\n")) {
            String ns = line.strip().split("\\s+")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String pid = ns.substring(PREFIX.length(), Math.max(PREFIX.length(), ns.indexOf('-')));
            boolean alive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isPresent();
            if (!alive) {
                delete(ns);
            }
        }
    }

    /** Deletes a namespace after killing what still runs in it (a member JVM the test could not stop). */
    private static void delete(String ns) {
        try {
            for (String pid : run("ip", "netns", "pids", ns).output.split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run("ip", "netns", "del", ns);
        } catch (IOException e) {
            System.err.println("could not delete network namespace " + ns + ": " + e.getMessage());
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... cmd) throws IOException {
        java.lang.Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd), e);
        }
    }
}
