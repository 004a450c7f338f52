package dev.wharf.webapp.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged WAR on Payara Micro as a child process with its own port and data dir, for browser tests.
 * {@code -Dwharf.ui.url=http://localhost:PORT/} with {@code -Dwharf.ui.dataDir=...} points the tests at a server
 * that already runs instead (handy while writing tests: no boot per run).
 */
public final class PayaraProcess implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path dataDir;
    private final Path log;

    private PayaraProcess(Process process, URI base, Path dataDir, Path log) {
        this.process = process;
        this.base = base;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts Payara (or attaches to {@code wharf.ui.url}) and waits until the health endpoint answers. */
    public static PayaraProcess start(Path workDir) throws IOException, InterruptedException {
        String external = System.getProperty("wharf.ui.url");
        if (external != null && !external.isBlank()) {
            return new PayaraProcess(null, URI.create(external),
                    Path.of(System.getProperty("wharf.ui.dataDir")), null);
        }
        Path dataDir = workDir.resolve("data");
        Path tmp = workDir.resolve("tmp");
        Files.createDirectories(dataDir);
        Files.createDirectories(tmp);
        int port = freePort();
        Path log = workDir.resolve("payara.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Dwharf.data.dir=" + dataDir,
                "-jar", require("payara.microJar"),
                "--deploy", require("wharf.war"), "--contextroot", "/", "--port", Integer.toString(port),
                "--hzconfigfile", require("wharf.hzConfig")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PayaraProcess payara = new PayaraProcess(process, URI.create("http://localhost:" + port + "/"), dataDir, log);
        try {
            payara.awaitHealthy(Duration.ofMinutes(4));
        } catch (RuntimeException | InterruptedException e) {
            payara.close();
            throw e;
        }
        return payara;
    }

    public URI base() {
        return base;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("api/v1/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Payara did not become healthy within " + timeout + "; see " + log);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) together with any process it started. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String require(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it)");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
