package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.logs.LogRotator;
import dev.wharf.daemon.runtime.BundleInput;
import dev.wharf.daemon.runtime.Conmon;
import dev.wharf.daemon.runtime.EnvMerge;
import dev.wharf.daemon.runtime.InvalidSpecException;
import dev.wharf.daemon.runtime.OciMount;
import dev.wharf.daemon.runtime.OciSpec;
import dev.wharf.daemon.runtime.ResourceLimits;
import dev.wharf.daemon.runtime.RuntimeFailure;
import dev.wharf.daemon.runtime.ScopedPath;
import dev.wharf.daemon.runtime.SecurityOpts;
import dev.wharf.daemon.runtime.UserResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * start, stop, kill, pause, unpause, restart, rename and resize. A start writes the OCI bundle, has conmon run
 * {@code runtime create}, lets waiting attach sessions connect, then runs {@code runtime start}; exits are
 * handled by {@link ContainerExits}.
 */
final class ContainerLifecycle {
    private static final Logger LOG = Logger.getLogger(ContainerLifecycle.class.getName());
    static final int DEFAULT_STOP_TIMEOUT = 10;

    private final Containers ctx;
    private final long nofile = Rlimits.hardNofile();

    ContainerLifecycle(Containers ctx) {
        this.ctx = ctx;
    }

    void start(Container c) throws IOException {
        synchronized (c) {
            switch (c.state().status()) {
                case RUNNING -> throw ApiException.notModified();
                case PAUSED -> throw ApiException.conflict("cannot start a paused container, try unpause instead");
                case REMOVING, DEAD -> throw ApiException.conflict("container " + c.id() + " is marked for removal and cannot be started");
                default -> {
                }
            }
            c.manuallyStopped(false);
            try {
                doStart(c);
            } catch (IOException | RuntimeException e) {
                failStart(c, e);
                throw e;
            }
        }
        ctx.events.publish("container", "start", c.id(), EventAttributes.of(c));
    }

    private static SecurityOpts securityOpts(JsonNode hc) {
        try {
            return SecurityOpts.parse(ContainerFactory.strings(hc.get("SecurityOpt")));
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** Creates and starts the process; the caller holds the container's lock. */
    void doStart(Container c) throws IOException {
        long t0 = System.nanoTime();
        ContainerPaths p = c.paths();
        ctx.snapshots.ensureMounted(c.id());
        Files.createDirectories(p.bundle());
        for (String stale : List.of("oom", "exit", "pidfile", "conmon.pid")) {
            Files.deleteIfExists(p.bundle().resolve(stale));
        }
        Files.deleteIfExists(p.exitFile());
        ctx.runtime.deleteIfPresent(c.id()); // what a previous run left in the runtime's state dir
        JsonNode cfg = c.config();
        JsonNode hc = c.hostConfig();
        UserResolver.ExecUser user;
        try {
            user = UserResolver.resolve(p.rootfs(), cfg.path("User").asText(""), ContainerFactory.strings(hc.get("GroupAdd")));
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String cwd = cfg.path("WorkingDir").asText("");
        if (!cwd.isEmpty()) {
            Files.createDirectories(ScopedPath.resolve(p.rootfs(), cwd)); // dockerd creates a missing WORKDIR
        }
        long tNet = System.nanoTime();
        ContainerNetworking.Attachment net = ctx.networking.setUp(c);
        tNet = System.nanoTime() - tNet;
        List<OciMount> mounts = new ArrayList<>(net.files());
        mounts.addAll(ctx.mounts.mounts(c)); // volumes, binds, tmpfs (after the network's files: a user bind wins)
        String hostname = cfg.path("Hostname").asText(c.id().substring(0, 12));
        List<String> argv = new ArrayList<>();
        argv.add(c.path());
        argv.addAll(c.args());
        BundleInput in = new BundleInput(argv, EnvMerge.processEnv(ContainerFactory.strings(cfg.get("Env")), hostname, c.tty()),
                cwd.isEmpty() ? "/" : cwd, user, hostname, c.tty(), hc.path("ReadonlyRootfs").asBoolean(false),
                p.rootfs(), net.netnsPath(), c.cgroupsPath(), ResourceLimits.fromHostConfig(hc), nofile,
                ContainerFactory.strings(hc.get("CapAdd")), ContainerFactory.strings(hc.get("CapDrop")),
                hc.path("Privileged").asBoolean(false), hc.path("ShmSize").asLong(0), hc.path("OomScoreAdj").asInt(0), mounts,
                securityOpts(hc));
        try {
            ContainerStore.JSON.writeValue(p.configJson().toFile(), OciSpec.build(in));
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        LogSettings logs = LogSettings.from(hc);
        boolean openStdin = cfg.path("OpenStdin").asBoolean(false);
        int pid;
        long tCreate = System.nanoTime();
        try {
            pid = ctx.conmon.create(new Conmon.Request(c.id(), ContainerStore.shortId(c.id()), p.bundle(), ctx.store.exitDir(),
                    ctx.store.socketDir(), p.logPath(), logs.conmonCap(), p.bundle(), c.tty(), openStdin,
                    cfg.path("StdinOnce").asBoolean(false)));
        } catch (RuntimeFailure e) {
            throw startError(e);
        }
        tCreate = System.nanoTime() - tCreate;
        c.state().pid = pid;
        JsonNode size = hc.path("ConsoleSize");
        if (c.tty() && size.size() == 2 && size.get(0).asInt() > 0) {
            CtlFifo.resize(p.ctlFifo(), size.get(0).asInt(), size.get(1).asInt());
        }
        for (Consumer<Container> action : c.takeStartActions()) {
            action.accept(c);
        }
        long tStart = System.nanoTime();
        try {
            ctx.runtime.start(c.id());
        } catch (RuntimeFailure e) {
            throw startError(e);
        }
        tStart = System.nanoTime() - tStart;
        ContainerState s = c.state();
        s.status = ContainerState.Status.RUNNING;
        s.startedAt = Instant.now();
        s.exitCode = 0;
        s.error = "";
        s.oomKilled = false;
        c.hasBeenStarted(true);
        c.rotator(LogRotator.start(ctx.inotify, p.logPath(), p.ctlFifo(), logs.maxSize(), logs.maxFile()));
        ctx.store.save(c);
        long total = System.nanoTime() - t0;
        long net0 = tNet;
        long create0 = tCreate;
        long start0 = tStart;
        LOG.fine(() -> String.format("started %s in %d ms: network %d, conmon+create %d, start %d, daemon's own %d",
                c, total / 1_000_000, net0 / 1_000_000, create0 / 1_000_000, start0 / 1_000_000,
                (total - net0 - create0 - start0) / 1_000_000));
    }

    /** dockerd's classes: a missing executable is the user's fault (400, docker run exits 127). */
    private static ApiException startError(RuntimeFailure e) {
        String m = e.getMessage();
        int status = m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("permission denied") ? 400 : 500;
        return new ApiException(status, m);
    }

    /**
     * Undoes a start that failed half-way (also an automatic restart); the container goes back to created or exited
     * with the error. The caller holds the container's lock.
     */
    void failStart(Container c, Exception e) {
        try {
            ctx.runtime.deleteIfPresent(c.id());
        } catch (IOException ex) {
            LOG.log(Level.FINE, "cleanup after a failed start", ex);
        }
        Cgroups.removeLeftovers(c.cgroupsPath());
        try {
            ctx.networking.tearDown(c);
            Files.deleteIfExists(c.paths().exitFile());
        } catch (IOException ex) {
            LOG.log(Level.FINE, "cleanup after a failed start", ex);
        }
        c.takeStartActions();
        if (e instanceof ApiException a && a.status() == 304) {
            return;
        }
        ContainerState s = c.state();
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        s.status = c.hasBeenStarted() ? ContainerState.Status.EXITED : ContainerState.Status.CREATED;
        s.error = msg;
        s.exitCode = msg.contains("executable file not found") || msg.contains("no such file") ? 127
                : msg.contains("permission denied") ? 126 : 128;
        s.pid = 0;
        try {
            ctx.store.save(c);
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "cannot save " + c, ex);
        }
        c.exited(s.exitCode);
        if (c.hostConfig().path("AutoRemove").asBoolean(false)) {
            ctx.workers.execute(() -> ctx.exits.removeQuietly(c));
        }
    }

    void stop(Container c, Integer timeoutSeconds) throws IOException, InterruptedException {
        Future<Integer> exit;
        synchronized (c) {
            if (c.state().status() == ContainerState.Status.RESTARTING) {
                c.manuallyStopped(true);
                c.state().status = ContainerState.Status.EXITED;
                ctx.store.save(c);
                return;
            }
            if (!c.state().isRunning()) {
                throw ApiException.notModified();
            }
            c.manuallyStopped(true);
            exit = c.nextExit();
        }
        int timeout = timeoutSeconds != null ? timeoutSeconds : c.config().path("StopTimeout").asInt(DEFAULT_STOP_TIMEOUT);
        String stopSignal = c.config().path("StopSignal").asText("");
        int sig = stopSignal.isEmpty() ? 15 : Signals.parse(stopSignal);
        signal(c, sig);
        if (!awaitExit(exit, timeout < 0 ? Long.MAX_VALUE : timeout * 1000L)) {
            LOG.info(() -> c + " did not stop within " + timeout + " s: killing it");
            signal(c, 9);
            if (!awaitExit(exit, 30_000)) {
                throw ApiException.internal("container " + c.id() + " did not exit after SIGKILL", null);
            }
        }
        ctx.events.publish("container", "stop", c.id(), EventAttributes.of(c));
    }

    void kill(Container c, String signalName) throws IOException, InterruptedException {
        int sig = signalName == null || signalName.isEmpty() ? 9 : Signals.parse(signalName);
        Future<Integer> exit;
        synchronized (c) {
            if (!c.state().isRunning()) {
                throw ApiException.conflict("Container " + c.id() + " is not running");
            }
            c.manuallyStopped(true);
            exit = c.nextExit();
        }
        signal(c, sig);
        if (sig == 9) {
            awaitExit(exit, 10_000); // so that "docker kill x && docker rm x" works
        }
    }

    /** Sends a signal through the runtime; a paused container is thawed so it can act on it. */
    private void signal(Container c, int sig) throws IOException {
        try {
            ctx.runtime.kill(c.id(), Integer.toString(sig));
        } catch (RuntimeFailure e) {
            if (!e.getMessage().contains("not running") && !e.getMessage().contains("does not exist")) {
                throw e;
            }
            return; // it exited meanwhile
        }
        ctx.events.publish("container", "kill", c.id(), EventAttributes.of(c, "signal", Integer.toString(sig)));
        if (sig != 9 && c.state().status() == ContainerState.Status.PAUSED) {
            unpause(c);
        }
    }

    private static boolean awaitExit(Future<Integer> exit, long millis) throws InterruptedException {
        try {
            exit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    void pause(Container c) throws IOException {
        synchronized (c) {
            ContainerState.Status s = c.state().status();
            if (s == ContainerState.Status.PAUSED) {
                throw ApiException.conflict("Container " + c.id() + " is already paused");
            }
            if (s != ContainerState.Status.RUNNING) {
                throw ApiException.conflict("Container " + c.id() + " is not running");
            }
            ctx.runtime.pause(c.id());
            c.state().status = ContainerState.Status.PAUSED;
            ctx.store.save(c);
        }
        ctx.events.publish("container", "pause", c.id(), EventAttributes.of(c));
    }

    void unpause(Container c) throws IOException {
        synchronized (c) {
            if (c.state().status() != ContainerState.Status.PAUSED) {
                throw ApiException.conflict("Container " + c.id() + " is not paused");
            }
            ctx.runtime.resume(c.id());
            c.state().status = ContainerState.Status.RUNNING;
            ctx.store.save(c);
        }
        ctx.events.publish("container", "unpause", c.id(), EventAttributes.of(c));
    }

    void restart(Container c, Integer timeoutSeconds) throws IOException, InterruptedException {
        if (c.state().isRunning()) {
            stop(c, timeoutSeconds);
        }
        start(c);
        ctx.events.publish("container", "restart", c.id(), EventAttributes.of(c));
    }

    void rename(Container c, String newName) throws IOException {
        if (newName == null || newName.isEmpty()) {
            throw ApiException.badRequest("Neither old nor new names may be empty");
        }
        String n = ContainerNames.validate(newName);
        String old;
        synchronized (c) {
            old = c.name();
            if (old.equals(n)) {
                throw ApiException.conflict("Renaming a container with the same name as its current name");
            }
            ctx.store.reserveName(n, c.id());
            c.rename(n);
            ctx.store.releaseName(old, c.id());
            ctx.store.save(c);
        }
        ctx.events.publish("container", "rename", c.id(), EventAttributes.of(c, "oldName", "/" + old));
    }

    void resize(Container c, int h, int w) throws IOException {
        if (!c.state().isRunning()) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
        if (!c.tty()) {
            return; // dockerd ignores a resize without a TTY
        }
        CtlFifo.resize(c.paths().ctlFifo(), h, w);
    }

    /** Blocks until the condition holds; returns the exit code. */
    Future<Integer> waitFor(Container c, String condition) {
        synchronized (c) {
            return switch (condition == null || condition.isEmpty() ? "not-running" : condition) {
                case "not-running" -> {
                    ContainerState.Status s = c.state().status();
                    if (!c.state().isRunning() && s != ContainerState.Status.RESTARTING) {
                        yield java.util.concurrent.CompletableFuture.completedFuture(c.state().exitCode());
                    }
                    yield c.nextExit();
                }
                case "next-exit" -> c.nextExit();
                case "removed" -> c.removedFuture();
                default -> throw ApiException.badRequest("invalid condition: \"" + condition + "\"");
            };
        }
    }
}
