package dev.wharf.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Creates a container under conmon 2.1 (see shared/notes/runtime-recipes.md §2): conmon forks, setsid()s and
 * stays as the container's monitor — it owns the k8s-file log, the attach socket and the ctl fifo, and writes
 * the exit code to {@code <exit-dir>/<id>} — so the container outlives the daemon. The sync pipe (fd 3)
 * reports the container pid or runc's error; the start pipe (fd 4) releases conmon once we are ready.
 */
public final class Conmon {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BINARY = Path.of("/usr/bin/conmon");

    /**
     * One container's conmon.
     *
     * @param shortId      conmon's {@code -u}: names the attach-socket symlink in {@code socketDir}, kept short so
     *                     {@code <socketDir>/<shortId>/attach} fits in a unix socket path (108 bytes)
     * @param logSizeMax   conmon's own cap on the log file (0 = none); the daemon rotates before it is reached
     * @param stdin        {@code -i}: keep the container's stdin open for attach
     * @param stdinOnce    close stdin when the first attached client detaches (Docker's StdinOnce)
     */
    public record Request(String id, String shortId, Path bundle, Path exitDir, Path socketDir, Path logPath,
                          long logSizeMax, Path persistDir, boolean tty, boolean stdin, boolean stdinOnce) {
    }

    private final OciRuntime runtime;

    public Conmon(OciRuntime runtime) {
        this.runtime = runtime;
    }

    /** Runs {@code runtime create} under a new conmon and returns the container's pid. */
    public int create(Request r) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3>sync.fifo 4<&0", "sh", BINARY.toString(),
                "--api-version", "1", "-c", r.id(), "-u", r.shortId(), "-r", runtime.binary().toString(),
                "-b", r.bundle().toString(), "-p", r.bundle().resolve("pidfile").toString(), "-n", r.id(),
                "--exit-dir", r.exitDir().toString(), "--socket-dir-path", r.socketDir().toString(),
                "-l", "k8s-file:" + r.logPath(), "--conmon-pidfile", r.bundle().resolve("conmon.pid").toString(),
                "-0", r.persistDir().toString(),
                "--runtime-arg", "--root", "--runtime-arg", runtime.root().toString()));
        if (r.logSizeMax() > 0) {
            argv.addAll(List.of("--log-size-max", Long.toString(r.logSizeMax())));
        }
        if (r.tty()) {
            argv.add("-t");
        }
        if (r.stdin()) {
            argv.add("-i");
            if (!r.stdinOnce()) {
                argv.add("--leave-stdin-open");
            }
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("TZ", "UTC"); // k8s-file timestamps in conmon's local time: make it UTC
        pb.environment().put("_OCI_SYNCPIPE", "3");
        pb.environment().put("_OCI_STARTPIPE", "4");
        // conmon drops an "oom" file in its cwd on OOM: give it one we own
        pb.directory(r.bundle().toFile());
        Path stderrFile = r.bundle().resolve("conmon.stderr");
        pb.redirectError(stderrFile.toFile());
        Files.createDirectories(r.persistDir());
        // the sync pipe is a fifo in the bundle: see Fifo for why not the Process's stdout
        Path sync = r.bundle().resolve("sync.fifo");
        Files.deleteIfExists(sync);
        dev.wharf.daemon.linux.Fifo.create(sync);
        java.util.concurrent.CompletableFuture<String> reply = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new java.io.FileInputStream(sync.toFile())) {
                return readLine(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, SYNC_READERS);
        Process p;
        try {
            p = runtime.spawner().start(pb);
        } catch (IOException | RuntimeException e) {
            dev.wharf.daemon.linux.Fifo.unblock(sync, dev.wharf.daemon.linux.LibC.O_WRONLY);
            Files.deleteIfExists(sync);
            throw e;
        }
        try {
            p.getOutputStream().write('0'); // start pipe: let conmon fork
            p.getOutputStream().close();
            String line;
            try {
                line = reply.get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // a wedged runtime must not hold the container's lock for ever: kill its monitor and give up
                int conmon = conmonPid(r.bundle());
                if (conmon > 0) {
                    ProcessHandle.of(conmon).ifPresent(ProcessHandle::destroyForcibly);
                }
                p.destroyForcibly();
                dev.wharf.daemon.linux.Fifo.unblock(sync, dev.wharf.daemon.linux.LibC.O_WRONLY);
                throw new RuntimeFailure("OCI runtime create timed out after " + CREATE_TIMEOUT_SECONDS + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("cannot read conmon's sync pipe: " + e.getCause().getMessage(), e.getCause());
            }
            p.waitFor(10, TimeUnit.SECONDS);
            if (line == null || line.isBlank()) {
                String err = Files.exists(stderrFile) ? Files.readString(stderrFile).trim() : "";
                throw new RuntimeFailure("conmon exited without creating the container" + (err.isEmpty() ? "" : ": " + err));
            }
            JsonNode n = JSON.readTree(line);
            int pid = n.path("data").asInt(-1);
            if (pid <= 0) {
                throw new RuntimeFailure("OCI runtime create failed: " + RuntimeFailure.clean(n.path("message").asText("unknown error")));
            }
            return pid;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the container", e);
        } finally {
            Files.deleteIfExists(stderrFile);
            Files.deleteIfExists(sync);
        }
    }

    private static final int CREATE_TIMEOUT_SECONDS = 60;
    private static final java.util.concurrent.ExecutorService SYNC_READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "conmon-sync");
        t.setDaemon(true);
        return t;
    });

    /** Reads up to the first newline, never closing early: conmon dies of EPIPE if the reader goes away. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            buf.write(b);
        }
        return buf.size() == 0 && b < 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    /** The pid conmon wrote for itself, or -1. */
    public static int conmonPid(Path bundle) {
        try {
            return Integer.parseInt(Files.readString(bundle.resolve("conmon.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
