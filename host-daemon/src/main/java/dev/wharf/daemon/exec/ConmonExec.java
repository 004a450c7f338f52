package dev.wharf.daemon.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.logs.AttachSocket;
import dev.wharf.daemon.runtime.OciRuntime;
import dev.wharf.daemon.runtime.RuntimeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One exec under conmon's exec mode (shared/notes/runtime-recipes.md §3): conmon runs
 * {@code runc exec --process process.json --detach CID} and reports on its sync pipe (our stdout, fd 3) first the
 * pid, then the exit code. With {@code --exec-attach} it also says on the attach pipe (our stderr, fd 5) when
 * {@code <dir>/attach} listens, and waits for a second byte on the start pipe (our stdin, fd 4) before it runs runc,
 * so that no output is missed.
 */
final class ConmonExec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONMON = "/usr/bin/conmon";

    private final Process process;
    private final Path dir;
    private final String containerId;
    private final OutputStream startPipe;
    private final InputStream syncPipe;
    private final InputStream attachPipe;

    private ConmonExec(Process process, Path dir, String containerId, OutputStream startPipe, InputStream syncPipe,
                       InputStream attachPipe) {
        this.process = process;
        this.dir = dir;
        this.containerId = containerId;
        this.startPipe = startPipe;
        this.syncPipe = syncPipe;
        this.attachPipe = attachPipe;
    }

    /**
     * Starts conmon for {@code dir/process.json}; nothing runs in the container before {@link #release} / {@link #attach}.
     * The pipes are fifos in {@code dir}, not the Process's streams: the JDK closes those when the direct child (conmon's
     * parent, which exits at once) is reaped, and the exec's pid and exit code come later from conmon's child.
     */
    static ConmonExec spawn(OciRuntime runtime, String containerId, String execId, Path dir, boolean attach, boolean tty,
                            boolean stdin) throws IOException {
        Files.createDirectories(dir.resolve("exit"));
        Path sync = fifo(dir.resolve("sync.fifo"));
        Path start = fifo(dir.resolve("start.fifo"));
        Path attachFifo = attach ? fifo(dir.resolve("attach.fifo")) : null;
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                attach ? "exec \"$@\" 4<start.fifo 3>sync.fifo 5>attach.fifo" : "exec \"$@\" 4<start.fifo 3>sync.fifo",
                "sh", CONMON,
                "--api-version", "1", "-c", containerId, "-u", execId, "-r", runtime.binary().toString(),
                "-b", dir.toString(), "-p", dir.resolve("exec_pid").toString(), "-n", containerId,
                "--exit-dir", dir.resolve("exit").toString(), "--full-attach", "-l", "none", "-e",
                "--exec-process-spec", dir.resolve("process.json").toString(),
                "--runtime-arg", "--root", "--runtime-arg", runtime.root().toString()));
        if (attach) {
            argv.add("--exec-attach");
        }
        if (tty) {
            argv.add("-t");
        }
        if (stdin) {
            argv.add("-i");
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("_OCI_SYNCPIPE", "3");
        pb.environment().put("_OCI_STARTPIPE", "4");
        if (attach) {
            pb.environment().put("_OCI_ATTACHPIPE", "5");
        }
        pb.directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(dir.resolve("conmon.stderr").toFile());
        // Both sides open the fifos in the same order (start, sync, attach), each open waiting for its peer. If the
        // shell dies before it opened them all, the watchdog opens the missing peers so that our opens return.
        Process p = runtime.spawner().start(pb);
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        p.onExit().thenRun(() -> {
            if (!opened.get()) {
                unblock(start, dev.wharf.daemon.linux.LibC.O_RDONLY);
                unblock(sync, dev.wharf.daemon.linux.LibC.O_WRONLY);
                if (attachFifo != null) {
                    unblock(attachFifo, dev.wharf.daemon.linux.LibC.O_WRONLY);
                }
            }
        });
        OutputStream startOut = new java.io.FileOutputStream(start.toFile());
        InputStream syncIn = new java.io.FileInputStream(sync.toFile());
        InputStream attachIn = attachFifo == null ? null : new java.io.FileInputStream(attachFifo.toFile());
        opened.set(true);
        return new ConmonExec(p, dir, containerId, startOut, syncIn, attachIn);
    }

    private static void unblock(Path fifo, int mode) {
        dev.wharf.daemon.linux.Fifo.unblock(fifo, mode);
    }

    private static Path fifo(Path p) throws IOException {
        return dev.wharf.daemon.linux.Fifo.create(p);
    }

    /** Lets conmon run the process (no attach). */
    void release() throws IOException {
        startPipe.write('0');
        startPipe.close();
    }

    /** Waits until conmon's attach socket listens, connects to it, then lets conmon run the process. */
    AttachSocket attach() throws IOException {
        startPipe.write('0');
        startPipe.flush();
        String ready = readLine(attachPipe);
        if (ready == null) {
            throw new RuntimeFailure("conmon exited before the exec could be attached" + conmonErrors());
        }
        AttachSocket s = AttachSocket.connect(dir.resolve("attach"));
        startPipe.write('1');
        startPipe.close();
        return s;
    }

    /** The exec's pid; a RuntimeFailure with runc's message when it could not start. */
    int awaitPid() throws IOException {
        String line = readLine(syncPipe);
        if (line == null || line.isBlank()) {
            throw new RuntimeFailure("conmon exited without starting the exec" + conmonErrors());
        }
        JsonNode n = JSON.readTree(line);
        int pid = n.path("data").asInt(-1);
        if (pid <= 0) {
            throw new RuntimeFailure("OCI runtime exec failed: " + RuntimeFailure.clean(n.path("message").asText("unknown error")) + ": unknown");
        }
        return pid;
    }

    /** Blocks until the process exited; its code (from the sync pipe, else conmon's exit file), or -1. */
    int awaitExit() throws IOException {
        String line = readLine(syncPipe);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (line != null && !line.isBlank()) {
            JsonNode n = JSON.readTree(line);
            if (n.has("data")) {
                return n.get("data").asInt();
            }
        }
        Path exit = dir.resolve("exit").resolve(containerId);
        try {
            return Integer.parseInt(Files.readString(exit).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Closes our ends of the pipes (conmon keeps running on its own). */
    void close() {
        try {
            syncPipe.close();
            if (attachPipe != null) {
                attachPipe.close();
            }
            startPipe.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private String conmonErrors() {
        try {
            Path f = dir.resolve("conmon.stderr");
            String s = Files.exists(f) ? Files.readString(f).trim() : "";
            return s.isEmpty() ? "" : ": " + s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads up to a newline; never closes early (conmon dies of EPIPE when its reader goes). */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            buf.write(b);
        }
        return buf.size() == 0 && b < 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }
}
