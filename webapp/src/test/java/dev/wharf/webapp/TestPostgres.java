package dev.wharf.webapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the ITs against PostgreSQL when {@code wharf.it.db=postgresql} (the failsafe execution {@code postgresql}):
 * before the first test class boots Payara, it starts Debian's PostgreSQL in a fresh temp dir on a free loopback
 * port (initdb + postgres, as the postgres user when run as root) and points the control plane at it through
 * {@code payara.cmdOptions}. The server is stopped (fast shutdown) and its dir deleted when all tests are done.
 * Must be listed before ArquillianExtension, which starts Payara.
 */
public final class TestPostgres implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!"postgresql".equals(System.getProperty("wharf.it.db"))) {
            return;
        }
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
    }

    /** One PostgreSQL server for the whole run. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        private final Path dir;
        private final Process process;
        private final Path bin;

        private Server(Path dir, Process process, Path bin) {
            this.dir = dir;
            this.process = process;
            this.bin = bin;
        }

        static Server start() {
            try {
                Path bin = postgresBin();
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "wharf-it-pg-");
                Path data = dir.resolve("data");
                if (isRoot()) {
                    run(List.of("chown", "postgres:postgres", dir.toString()));
                }
                run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "wharf",
                        "--auth=trust", "-E", "UTF8", "--no-sync"));
                int port = freePort();
                List<String> cmd = asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(),
                        "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
                Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("postgres.log").toFile()).start();
                Server server = new Server(dir, process, bin);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                server.awaitReady(port);
                run(asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                        "-U", "wharf", "wharf"));
                String options = System.getProperty("payara.cmdOptions", "");
                System.setProperty("payara.cmdOptions", options + " -Dwharf.db.url=jdbc:postgresql://127.0.0.1:" + port
                        + "/wharf -Dwharf.db.user=wharf");
                System.out.println("[TestPostgres] PostgreSQL on 127.0.0.1:" + port + " in " + dir);
                return server;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start PostgreSQL for the ITs: " + e.getMessage(), e);
            }
        }

        private void awaitReady(int port) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("postgres exited: " + Files.readString(dir.resolve("postgres.log")));
                }
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException notYet) {
                    sleep(200);
                }
            }
            throw new IOException("postgres did not listen on port " + port + " within 60 s");
        }

        @Override
        public synchronized void close() {
            if (process.isAlive()) {
                try {
                    run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                            "-m", "fast", "-w", "stop"));
                } catch (IOException | RuntimeException e) {
                    process.destroy();
                }
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private static Path postgresBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IOException("no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("PostgreSQL is not installed (apt-get install postgresql)");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
