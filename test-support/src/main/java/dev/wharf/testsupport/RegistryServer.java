package dev.wharf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.wharf.model.image.Digest;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free loopback port, with its own temp dir
 * holding {@code config.yml}, {@code storage/}, an optional {@code htpasswd} and {@code registry.log}.
 * {@link #close()} stops the process (by its PID) and deletes the dir.
 */
public final class RegistryServer implements AutoCloseable {

    private static final String BINARY = "/usr/bin/docker-registry";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private Process process;

    private RegistryServer(Path dir, int port, String username, String password) {
        this.dir = dir;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** Starts a registry that anyone may pull from and push to. */
    public static RegistryServer start() {
        return launch(null, null);
    }

    /** Starts a registry protected by htpasswd (bcrypt) with a generated user and password. */
    public static RegistryServer startWithHtpasswd() {
        return launch("wharf", "pw-" + UUID.randomUUID().toString().substring(0, 12));
    }

    /** Starts a registry protected by htpasswd (bcrypt) with the given credentials. */
    public static RegistryServer startWithHtpasswd(String username, String password) {
        return launch(username, password);
    }

    private static RegistryServer launch(String username, String password) {
        Path dir;
        try {
            dir = Files.createTempDirectory("wharf-registry-");
            Files.createDirectories(dir.resolve("storage"));
            if (username != null) {
                Files.writeString(dir.resolve("htpasswd"), Htpasswd.bcryptLine(username, password));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the registry dir", e);
        }
        // Another process may grab the probed port before the registry binds it: try a few ports.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RegistryServer server = new RegistryServer(dir, freePort(), username, password);
            try {
                server.writeConfig();
                server.spawn();
                return server;
            } catch (IllegalStateException e) {
                last = e;
                server.stopProcess();
            }
        }
        deleteTree(dir);
        throw last;
    }

    /** {@code 127.0.0.1:PORT}, the form image references use. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://" + address());
    }

    /** True if this registry wants credentials. */
    public boolean requiresAuth() {
        return username != null;
    }

    /** The htpasswd user, or null for an anonymous registry. */
    public String username() {
        return username;
    }

    /** The htpasswd password, or null for an anonymous registry. */
    public String password() {
        return password;
    }

    /** The registry's own temp dir (config, storage, log). */
    public Path dir() {
        return dir;
    }

    /** The filesystem storage root, under which {@code docker/registry/v2/...} lives. */
    public Path storageDir() {
        return dir.resolve("storage");
    }

    /** Where the registry keeps a blob's bytes; overwrite it to corrupt the blob. */
    public Path blobPath(Digest digest) {
        String hex = digest.encoded();
        return storageDir().resolve("docker/registry/v2/blobs/sha256")
                .resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /**
     * Flips one byte in the middle of a stored blob, keeping its size, so the registry serves bytes that no longer
     * match the digest (size checks pass, sha256 checks fail).
     */
    public void corruptBlob(Digest digest) {
        Path path = blobPath(digest);
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw new IllegalStateException("blob " + digest + " is empty; nothing to corrupt");
            }
            bytes[bytes.length / 2] ^= (byte) 0xff;
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot corrupt blob " + digest + " at " + path, e);
        }
    }

    /** The registry's combined stdout and stderr, across restarts. */
    public Path logFile() {
        return dir.resolve("registry.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, for fault tests: connections in flight break. Storage is kept; see {@link #restart()}. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts the registry again on the same port and storage (stopping it first if it runs). */
    public void restart() {
        stopProcess();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                spawn();
                return;
            } catch (IllegalStateException e) {
                // The old socket may linger briefly; retry until the deadline.
                stopProcess();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(dir);
    }

    private void writeConfig() {
        String auth = username == null ? "" : """
                auth:
                  htpasswd:
                    realm: wharf-test
                    path: %s
                """.formatted(dir.resolve("htpasswd"));
        String yaml = """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: %s
                health:
                  storagedriver:
                    enabled: false
                %s""".formatted(storageDir(), port, UUID.randomUUID(), auth);
        try {
            Files.writeString(dir.resolve("config.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void spawn() {
        try {
            process = new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + BINARY + " (is Debian's docker-registry installed?)", e);
        }
        Reaper.track(process);
        awaitReady();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(baseUri().resolve("/v2/")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue()
                        + " while starting on " + address() + "; log:\n" + logTail());
            }
            try {
                int status = http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the registry", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("docker-registry did not answer GET /v2/ on " + address()
                + " within " + START_TIMEOUT.toSeconds() + " s; log:\n" + logTail());
    }

    private void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        waitFor(process);
    }

    /** Last lines of the log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Value of a Basic {@code Authorization} header for this registry's credentials. */
    public String basicAuthHeader() {
        if (username == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryServer[" + address() + (username != null ? ", htpasswd" : "") + ", " + dir + "]";
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
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

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
