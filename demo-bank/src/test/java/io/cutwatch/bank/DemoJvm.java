package io.cutwatch.bank;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the bank demo in a JVM of its own, as a user would, with its output in {@code log}. */
final class DemoJvm {
    private DemoJvm() {
    }

    /**
     * A demo JVM with this test JVM's java, the Hazelcast flags and class path. With
     * {@code restoreSigint}, started through {@code env --default-signal=INT}: a JVM started in the
     * background by a non-interactive shell inherits SIGINT ignored.
     */
    static Process start(Path log, boolean restoreSigint, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (restoreSigint) {
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : System.getProperty("cutwatch.test.jvmFlags", "").split(" ")) {
            if (!flag.isBlank()) {
                cmd.add(flag);
            }
        }
        cmd.add("-Dhazelcast.phone.home.enabled=false");
        // As in the demo's own logging config (the test class path puts the tests' config first).
        cmd.add("-Dorg.slf4j.simpleLogger.log.com.hazelcast.spi.impl.proxyservice.impl.operations.PostJoinProxyOperation=off");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BankDemo.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile())).start();
    }
}
