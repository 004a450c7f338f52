package dev.wharf.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The control plane as {@code scripts/control-plane} starts it: Payara Micro running the built WAR on a free port,
 * Hazelcast pinned to loopback, with a private data dir (so first-start credentials are fresh) and the given
 * extra system properties (e.g. a short heartbeat TTL). Stopped by PID.
 */
final class ControlPlaneProcess implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private ControlPlaneProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static ControlPlaneProcess start(Path dir, List<String> systemProperties) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-Dwharf.data.dir=" + dir.resolve("data")));
        cmd.addAll(systemProperties);
        cmd.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--deploy", System.getProperty("wharf.war"),
                "--contextroot", "/", "--port", Integer.toString(port), "--hzconfigfile", System.getProperty("wharf.hzConfig")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("control-plane.log").toFile()).start();
        ControlPlaneProcess cp = new ControlPlaneProcess(p, dir, port);
        cp.awaitHealthy();
        return cp;
    }

    private void awaitHealthy() throws Exception {
        Rest rest = new Rest(URI.create("http://127.0.0.1:" + port + "/"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the control plane exited; log: " + tail());
            }
            try {
                if (rest.get("/api/v1/health").status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the control plane did not answer within 240 s; log: " + tail());
    }

    int port() {
        return port;
    }

    String joinToken() throws IOException {
        return Files.readString(dir.resolve("data").resolve("join-token")).trim();
    }

    Properties adminCredentials() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("data").resolve("initial-admin-password"))) {
            p.load(in);
        }
        return p;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("control-plane.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
