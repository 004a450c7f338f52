package dev.wharf.daemon.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.LastErrorException;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerState;
import dev.wharf.daemon.containers.Containers;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.layers.LayerUnpacker;
import dev.wharf.daemon.linux.LibC;
import dev.wharf.daemon.logs.AttachSocket;
import dev.wharf.daemon.logs.StdFrames;
import dev.wharf.daemon.runtime.InvalidSpecException;
import dev.wharf.daemon.runtime.RuntimeFailure;
import dev.wharf.daemon.runtime.UserResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code docker exec}: exec instances and their runs under conmon. An attached start hijacks the connection
 * first (as dockerd does), so a process that cannot start reports its error in the stream and exits 126 or 127.
 */
public final class ExecService {
    private static final Logger LOG = Logger.getLogger(ExecService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Finished execs stay inspectable this long (dockerd keeps them until the container goes). */
    private static final Duration KEEP = Duration.ofMinutes(10);

    private final Containers containers;
    private final EventBus events;
    private final Path root;
    private final Map<String, ExecInstance> execs = new ConcurrentHashMap<>();

    public ExecService(Containers containers, EventBus events, Path execRoot) throws IOException {
        this.containers = containers;
        this.events = events;
        this.root = execRoot.resolve("exec");
        Files.createDirectories(root);
    }

    ExecInstance create(Container c, ExecConfig cfg) {
        checkRunning(c);
        forgetOld();
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        ExecInstance e = new ExecInstance(id, c.id(), cfg, root.resolve(id.substring(0, 16)));
        execs.put(id, e);
        events.publish("container", "exec_create: " + e.commandLine(), c.id(), attributes(c, "execID", id));
        return e;
    }

    ExecInstance get(String id) {
        ExecInstance e = execs.get(id);
        if (e == null) {
            throw ApiException.notFound("No such exec instance: " + id);
        }
        return e;
    }

    private void forgetOld() {
        Instant cutoff = Instant.now().minus(KEEP);
        execs.values().removeIf(e -> (e.endedAt() != null && e.endedAt().isBefore(cutoff))
                || containers.store().find(e.containerId).isEmpty());
    }

    private static void checkRunning(Container c) {
        ContainerState.Status s = c.state().status();
        if (s == ContainerState.Status.PAUSED) {
            throw ApiException.conflict("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (s != ContainerState.Status.RUNNING) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
    }

    /** {@code POST /exec/{id}/start}. */
    void start(ExecInstance e, ApiExchange ex, boolean detach) throws IOException {
        Container c = containers.store().find(e.containerId)
                .orElseThrow(() -> ApiException.notFound("No such container: " + e.containerId));
        if (!e.claimStart()) {
            throw ApiException.conflict("Error: Exec command " + e.id + (e.isRunning() ? " is already running" : " has already run"));
        }
        checkRunning(c);
        if (detach) {
            ConmonExec run = null;
            try {
                run = launch(c, e, false);
                run.release();
                e.running(run.awaitPid());
            } catch (IOException | RuntimeException f) {
                int code = f instanceof RuntimeFailure ? exitCodeOf(f.getMessage()) : 126;
                finish(c, e, run, code);
                throw new ApiException(code == 127 ? 400 : 500, f.getMessage());
            }
            ConmonExec started = run;
            events.publish("container", "exec_start: " + e.commandLine(), c.id(), attributes(c, "execID", e.id));
            Thread t = new Thread(() -> finish(c, e, started, awaitExitQuietly(started)), "exec-wait-" + e.id.substring(0, 12));
            t.setDaemon(true);
            t.start();
            ex.respond(200, null, new byte[0]);
            return;
        }
        boolean tty = e.config.tty();
        ApiExchange.RawStream raw = ex.hijack(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
        StdFrames frames = tty ? StdFrames.raw(raw.out()) : StdFrames.multiplexed(raw.out());
        ConmonExec run = null;
        int code = -1;
        try {
            run = launch(c, e, true);
            AttachSocket socket = run.attach();
            ex.onClose(socket::shutdown);
            try {
                e.running(run.awaitPid());
                events.publish("container", "exec_start: " + e.commandLine(), c.id(), attributes(c, "execID", e.id));
                applySize(e);
                if (e.config.attachStdin()) {
                    Thread in = new Thread(() -> copyStdin(raw.in(), socket), "exec-stdin-" + e.id.substring(0, 12));
                    in.setDaemon(true);
                    in.start();
                }
                AttachSocket.Message m;
                while ((m = receive(socket)) != null) {
                    boolean err = m.stream() == AttachSocket.CONMON_STDERR;
                    if (err ? e.config.attachStderr() : e.config.attachStdout()) {
                        frames.write(err ? StdFrames.STDERR : StdFrames.STDOUT, m.data());
                    }
                }
                code = run.awaitExit();
            } finally {
                socket.close();
            }
        } catch (RuntimeFailure f) {
            code = exitCodeOf(f.getMessage());
            writeQuietly(frames, f.getMessage() + "\r\n");
        } catch (IOException | RuntimeException io) {
            LOG.log(Level.WARNING, "exec " + e.id + " in " + c + " failed", io);
            writeQuietly(frames, "exec failed: " + io.getMessage() + "\r\n");
            code = 126;
        } finally {
            finish(c, e, run, code);
            raw.out().close();
        }
    }

    /** Writes process.json and starts conmon. */
    private ConmonExec launch(Container c, ExecInstance e, boolean attach) throws IOException {
        JsonNode config = JSON.readTree(c.paths().configJson().toFile());
        UserResolver.ExecUser user = null;
        if (!e.config.user().isEmpty()) {
            try {
                user = UserResolver.resolve(c.paths().rootfs(), e.config.user(), null);
            } catch (InvalidSpecException x) {
                throw new RuntimeFailure(x.getMessage());
            }
        }
        Files.createDirectories(e.dir);
        JSON.writeValue(e.dir.resolve("process.json").toFile(), ExecProcessSpec.build(config.path("process"), e.config, user,
                e.size()[0], e.size()[1]));
        return ConmonExec.spawn(containers.runtime(), c.id(), e.id, e.dir, attach, e.config.tty(),
                attach && e.config.attachStdin());
    }

    private static int awaitExitQuietly(ConmonExec run) {
        try {
            return run.awaitExit();
        } catch (IOException x) {
            return -1;
        }
    }

    private void finish(Container c, ExecInstance e, ConmonExec run, int code) {
        int exit = code < 0 ? 126 : code;
        e.exited(exit);
        if (run != null) {
            run.close();
        }
        try {
            LayerUnpacker.deleteTree(e.dir);
        } catch (IOException x) {
            LOG.fine(() -> "cannot remove " + e.dir + ": " + x.getMessage());
        }
        events.publish("container", "exec_die", c.id(), attributes(c, "execID", e.id, "exitCode", Integer.toString(exit)));
    }

    /** dockerd's classes for a process that could not start: 127 not found, 126 otherwise. */
    static int exitCodeOf(String message) {
        return message.contains("no such file or directory") || message.contains("executable file not found") ? 127 : 126;
    }

    /** {@code POST /exec/{id}/resize}: through conmon's ctl fifo once the pty exists. */
    void resize(ExecInstance e, int h, int w) {
        e.size(h, w);
        if (e.isRunning()) {
            applySize(e);
        }
    }

    private static void applySize(ExecInstance e) {
        int[] s = e.size();
        if (!e.config.tty() || s[0] <= 0 || s[1] <= 0) {
            return;
        }
        Path ctl = e.dir.resolve("ctl");
        int fd;
        try {
            fd = LibC.INSTANCE.open(ctl.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException x) {
            return; // conmon is gone: the process ended
        }
        try {
            byte[] b = ("1 " + s[0] + " " + s[1] + "\n").getBytes(StandardCharsets.US_ASCII);
            LibC.INSTANCE.write(fd, b, b.length);
        } catch (LastErrorException ignored) {
            // conmon stopped reading: nothing to resize
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** The next message; null at the end, also when conmon reset the socket (stdin it did not read any more). */
    private static AttachSocket.Message receive(AttachSocket s) throws IOException {
        try {
            return s.receive();
        } catch (IOException x) {
            if (x.getMessage() != null && x.getMessage().contains("errno 104")) {
                return null;
            }
            throw x;
        }
    }

    private static void copyStdin(InputStream in, AttachSocket s) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                s.send(buf, 0, n);
            }
        } catch (IOException x) {
            LOG.log(Level.FINE, "exec stdin ended", x);
        } finally {
            s.closeStdin();
        }
    }

    private static void writeQuietly(StdFrames frames, String text) {
        try {
            frames.write(StdFrames.STDOUT, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the client left
        }
    }

    private static Map<String, String> attributes(Container c, String... extra) {
        Map<String, String> m = new LinkedHashMap<>();
        c.config().path("Labels").fields().forEachRemaining(x -> m.put(x.getKey(), x.getValue().asText()));
        m.put("image", c.image());
        m.put("name", c.name());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    List<ExecInstance> all() {
        return List.copyOf(execs.values());
    }
}
