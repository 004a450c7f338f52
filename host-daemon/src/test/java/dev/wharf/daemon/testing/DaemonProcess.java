package dev.wharf.daemon.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Wharf daemon process for integration tests: the packaged jar started with private data and exec
 * roots and a private socket, driven with the stock docker CLI exactly as a user would.
 */
public final class DaemonProcess implements AutoCloseable {
    private final Path base;
    private final Path dataRoot;
    private final Path execRoot;
    private final Path socket;
    private final Path log;
    private final List<String> extraArgs;
    private Process process;

    private DaemonProcess(Path base, List<String> extraArgs) {
        this.base = base;
        this.dataRoot = base.resolve("data");
        this.execRoot = base.resolve("exec");
        this.socket = execRoot.resolve("docker.sock");
        this.log = base.resolve("daemon.log");
        this.extraArgs = extraArgs;
    }

    /** Starts a daemon in a fresh temp dir (run-unique name) and waits until its socket answers. */
    public static DaemonProcess start(String... extraArgs) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory("wharf-it-" + RunId.get() + "-");
        DaemonProcess d = new DaemonProcess(base, List.of(extraArgs));
        d.launch();
        return d;
    }

    private void launch() throws IOException, InterruptedException {
        String jar = System.getProperty("wharf.daemon.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property wharf.daemon.jar must point at the built wharf-daemon.jar (run mvn verify)");
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar, "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(), "-H", "unix://" + socket, "--log-level", "debug"));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon exited with " + process.exitValue() + ":\n" + log());
            }
            if (answers()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("daemon did not answer on " + socket + " within 30 s:\n" + log());
    }

    private boolean answers() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String dockerHost() {
        return "unix://" + socket;
    }

    public Path dataRoot() {
        return dataRoot;
    }

    public Path execRoot() {
        return execRoot;
    }

    public Path socket() {
        return socket;
    }

    public long pid() {
        return process.pid();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read log: " + e.getMessage() + ")";
        }
    }

    /** Runs the stock docker CLI against this daemon. */
    public CliResult docker(String... args) throws IOException, InterruptedException {
        return dockerWithInput(null, args);
    }

    public CliResult dockerWithInput(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        try {
            return Cli.run(cmd, stdin, java.util.Map.of("DOCKER_HOST", dockerHost(), "DOCKER_CONFIG", base.resolve("docker-config").toString()));
        } catch (AssertionError e) {
            if (String.valueOf(e.getMessage()).startsWith("timed out") && process != null && process.isAlive()) {
                // a hung CLI: the daemon's threads say where it waits (kept with the log)
                Files.writeString(log, "\n--- threads after a CLI timeout ---\n"
                        + Cli.run("jcmd", Long.toString(process.pid()), "Thread.print").stdout(),
                        java.nio.file.StandardOpenOption.APPEND);
            }
            throw e;
        }
    }

    /** SIGKILL, as a crash would; containers must survive it. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an operator would. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Starts the daemon again on the same roots (after {@link #kill9()} or {@link #stop()}). */
    public void restart() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
        launch();
    }

    /** Keeps the daemon's debug log as a test artifact (the temp dir goes), for failures seen only in CI. */
    private void keepLog() {
        String dir = System.getProperty("wharf.daemon.logs");
        if (dir == null || !Files.exists(log)) {
            return;
        }
        try {
            Path logs = Files.createDirectories(Path.of(dir));
            Files.copy(log, logs.resolve(base.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("cannot keep the daemon log " + log + ": " + e.getMessage());
        }
    }

    /**
     * Stops the daemon and removes its temp dir. Removal refuses to descend into anything still mounted, so a
     * leaked mount fails the test run loudly instead of being deleted through.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
        keepLog();
        List<String> mounts = Mounts.under(base);
        if (!mounts.isEmpty()) {
            throw new IllegalStateException("mounts left under " + base + ": " + mounts);
        }
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
