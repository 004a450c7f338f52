package dev.wharf.daemon.containers;

import dev.wharf.daemon.linux.FileTrees;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.logs.Inotify;
import dev.wharf.daemon.logs.LogRotator;
import dev.wharf.daemon.runtime.Conmon;
import dev.wharf.daemon.runtime.OciRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Exits, restarts and removal. conmon writes {@code <exec-root>/exits/<id>} (by rename) when a container's
 * init exits; an inotify watch on that dir hands each one to {@link #handleExit}, which records the code (and
 * an OOM kill, from conmon's {@code oom} marker), cleans up the runtime's state, cgroups and network, then applies
 * the restart policy or {@code --rm}. At daemon start {@link #restore} re-adopts what the previous run left.
 */
final class ContainerExits {
    private static final Logger LOG = Logger.getLogger(ContainerExits.class.getName());
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Containers ctx;
    private Inotify.Watch watch;

    ContainerExits(Containers ctx) {
        this.ctx = ctx;
    }

    /** Loads the store, watches exits, then settles every container against the runtime's view. */
    void restore() throws IOException {
        ctx.store.load();
        watch = ctx.inotify.watch(ctx.store.exitDir(), Inotify.IN_MOVED_TO | Inotify.IN_CLOSE_WRITE, e -> {
            if (e.name() == null) {
                ctx.workers.execute(this::scanExitDir);
            } else if (ID.matcher(e.name()).matches()) {
                ctx.workers.execute(() -> handleExit(e.name()));
            }
        });
        for (Container c : ctx.store.all()) {
            try {
                adopt(c);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot restore " + c + ": " + e.getMessage(), e);
            }
        }
        scanExitDir();
        removeOrphans();
        if (ctx.store.all().isEmpty()) {
            Cgroups.removeParentIfEmpty(ctx.cgroupParent); // left by a previous run that was killed
        }
    }

    private void adopt(Container c) throws IOException {
        ContainerState.Status s = c.state().status();
        switch (s) {
            case RUNNING, PAUSED -> {
                if (Files.exists(c.paths().exitFile())) {
                    return; // exited while we were away: scanExitDir handles it
                }
                OciRuntime.State st = ctx.runtime.state(c.id());
                if (st == null || st.status().equals("stopped")) {
                    // conmon is gone without an exit file (it was killed): the code is lost
                    exited(c, 255, "the container's monitor (conmon) died; exit code unknown");
                    return;
                }
                synchronized (c) {
                    c.state().status = st.status().equals("paused") ? ContainerState.Status.PAUSED : ContainerState.Status.RUNNING;
                    c.state().pid = st.pid();
                    LogSettings logs = LogSettings.from(c.hostConfig());
                    c.rotator(LogRotator.start(ctx.inotify, c.paths().logPath(), c.paths().ctlFifo(), logs.maxSize(), logs.maxFile()));
                }
                LOG.info(() -> "re-adopted running " + c + " (pid " + c.state().pid() + ", conmon "
                        + Conmon.conmonPid(c.paths().bundle()) + ")");
            }
            case RESTARTING -> scheduleRestart(c, RestartPolicy.FIRST_DELAY_MS);
            case REMOVING -> removeQuietly(c);
            default -> {
                ctx.snapshots.ensureMounted(c.id());
                if (ctx.runtime.knows(c.id()) && !Files.exists(c.paths().exitFile())) {
                    // the daemon died inside a start: the process may run although the state says otherwise
                    OciRuntime.State st = ctx.runtime.state(c.id());
                    if (st != null && (st.status().equals("running") || st.status().equals("paused"))) {
                        synchronized (c) {
                            c.state().status = st.status().equals("paused") ? ContainerState.Status.PAUSED : ContainerState.Status.RUNNING;
                            c.state().pid = st.pid();
                            c.state().startedAt = Instant.now();
                            c.hasBeenStarted(true);
                        }
                        saveQuietly(c);
                        LOG.info(() -> "adopted " + c + ", started just before the daemon stopped");
                    } else {
                        cleanupRuntime(c);
                    }
                }
            }
        }
    }

    private void scanExitDir() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ctx.store.exitDir())) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                if (ID.matcher(n).matches()) {
                    handleExit(n);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot scan exit files", e);
        }
    }

    /** Processes conmon's exit file for container {@code id}; idempotent. */
    void handleExit(String id) {
        Path file = ctx.store.exitDir().resolve(id);
        var found = ctx.store.find(id);
        if (found.isEmpty() || !found.get().id().equals(id)) {
            deleteQuietly(file);
            return;
        }
        int code;
        try {
            code = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return; // gone already (handled), or not complete: the rename event follows
        }
        exited(found.get(), code, "");
    }

    private void exited(Container c, int code, String error) {
        long t0 = System.nanoTime();
        boolean oom;
        synchronized (c) {
            if (!c.state().isRunning()) {
                deleteQuietly(c.paths().exitFile());
                return;
            }
            oom = Files.exists(c.paths().bundle().resolve("oom"));
            ContainerState s = c.state();
            s.status = ContainerState.Status.EXITED;
            s.exitCode = code;
            s.error = error;
            s.oomKilled = oom;
            s.pid = 0;
            s.finishedAt = Instant.now();
            LogRotator r = c.rotator();
            if (r != null) {
                r.close();
                c.rotator(null);
            }
        }
        cleanupRuntime(c);
        deleteQuietly(c.paths().exitFile());
        if (oom) {
            ctx.events.publish("container", "oom", c.id(), EventAttributes.of(c));
        }
        ctx.events.publish("container", "die", c.id(), EventAttributes.of(c, "exitCode", Integer.toString(code)));
        saveQuietly(c);
        c.exited(code);
        long handled = System.nanoTime() - t0;
        afterExit(c, code);
        LOG.fine(() -> String.format("exit %d of %s handled in %d ms (%d ms with what followed)", code, c,
                handled / 1_000_000, (System.nanoTime() - t0) / 1_000_000));
    }

    /** The runtime's record, leftover cgroup dirs and the network go once the process is gone. */
    private void cleanupRuntime(Container c) {
        try {
            // init exited, so the pid namespace is gone: once its cgroups are empty and removed, nothing is left
            // for "runc delete" to do but drop its record
            if (!c.state().isRunning() && Cgroups.removeLeftovers(c.cgroupsPath())) {
                ctx.runtime.forgetStopped(c.id());
            } else {
                ctx.runtime.deleteIfPresent(c.id());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "runtime delete of " + c + " failed: " + e.getMessage());
        }
        Cgroups.removeLeftovers(c.cgroupsPath());
        try {
            ctx.networking.tearDown(c);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "network teardown of " + c + " failed: " + e.getMessage());
        }
    }

    private void afterExit(Container c, int code) {
        RestartPolicy policy = RestartPolicy.from(c.hostConfig());
        if (policy.shouldRestart(code, c.restartCount(), c.manuallyStopped())) {
            ContainerState s = c.state();
            long ran = s.startedAt() == null ? 0 : Duration.between(s.startedAt(), s.finishedAt()).toMillis();
            long delay = RestartPolicy.nextDelay(c.restartDelayMillis(), ran);
            c.restartDelayMillis(delay);
            synchronized (c) {
                s.status = ContainerState.Status.RESTARTING;
            }
            saveQuietly(c);
            scheduleRestart(c, delay);
        } else if (c.hostConfig().path("AutoRemove").asBoolean(false)) {
            removeQuietly(c);
        }
    }

    private void scheduleRestart(Container c, long delayMs) {
        ctx.timers.schedule(() -> ctx.workers.execute(() -> {
            synchronized (c) {
                if (c.state().status() != ContainerState.Status.RESTARTING) {
                    return; // stopped or removed meanwhile
                }
                c.restartCount(c.restartCount() + 1);
                try {
                    ctx.lifecycle.doStart(c);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "restart of " + c + " failed: " + e.getMessage());
                    // sandbox, runtime state and cgroups of the half-made start go; waiters see the exit
                    ctx.lifecycle.failStart(c, e);
                    return;
                }
            }
            ctx.events.publish("container", "start", c.id(), EventAttributes.of(c));
        }), delayMs, TimeUnit.MILLISECONDS);
    }

    /** docker rm [-f]: a running container needs force, which kills it first. */
    void remove(Container c, boolean force) throws IOException, InterruptedException {
        java.util.concurrent.Future<Integer> exit;
        synchronized (c) {
            ContainerState.Status s = c.state().status();
            if (s == ContainerState.Status.REMOVING) {
                throw ApiException.conflict("removal of container " + c.id() + " is already in progress");
            }
            if (!force) {
                if (s == ContainerState.Status.PAUSED) {
                    throw ApiException.conflict("You cannot remove a paused container " + c.id()
                            + ". Unpause and then stop the container before attempting removal or force remove");
                }
                if (s == ContainerState.Status.RUNNING) {
                    throw ApiException.conflict("You cannot remove a running container " + c.id()
                            + ". Stop the container before attempting removal or force remove");
                }
                if (s == ContainerState.Status.RESTARTING) {
                    throw ApiException.conflict("You cannot remove a restarting container " + c.id()
                            + ". Stop the container before attempting removal or force remove");
                }
            }
            c.manuallyStopped(true);
            if (s == ContainerState.Status.RESTARTING) {
                c.state().status = ContainerState.Status.EXITED;
            }
            exit = c.state().isRunning() ? c.nextExit() : null;
        }
        if (exit != null) {
            try {
                ctx.runtime.kill(c.id(), "9");
                ctx.events.publish("container", "kill", c.id(), EventAttributes.of(c, "signal", "9"));
            } catch (IOException e) {
                LOG.fine(() -> "kill before removal: " + e.getMessage());
            }
            try {
                exit.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // force it below: the runtime's delete --force kills whatever is left
            }
        }
        doRemove(c);
    }

    void removeQuietly(Container c) {
        try {
            doRemove(c);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot remove " + c + ": " + e.getMessage(), e);
        }
    }

    private void doRemove(Container c) throws IOException {
        if (!c.claimRemoval()) {
            // someone else is removing it (--rm on exit and rm -f at once): wait for them
            try {
                c.removedFuture().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("removal of " + c + " by another request did not finish", e);
            }
            return;
        }
        synchronized (c) {
            c.state().status = ContainerState.Status.REMOVING;
            LogRotator r = c.rotator();
            if (r != null) {
                r.close();
                c.rotator(null);
            }
        }
        saveQuietly(c);
        try {
            cleanupRuntime(c);
            ctx.snapshots.remove(c.id());
            ctx.mounts.removed(c);
            ContainerPaths p = c.paths();
            FileTrees.delete(p.bundle());
            Files.deleteIfExists(p.attachSocket().getParent()); // the socket-dir symlink conmon made
            deleteQuietly(p.exitFile());
            ctx.store.remove(c);
        } catch (IOException | RuntimeException e) {
            synchronized (c) {
                c.state().status = ContainerState.Status.DEAD;
                c.state().error = "removal failed: " + e.getMessage();
            }
            saveQuietly(c);
            c.releaseRemoval();
            throw e;
        }
        try {
            ctx.networking.removed(c);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "network cleanup of removed " + c + " failed: " + e.getMessage());
        }
        if (ctx.store.all().isEmpty()) {
            Cgroups.removeParentIfEmpty(ctx.cgroupParent);
        }
        ctx.events.publish("container", "destroy", c.id(), EventAttributes.of(c));
        int code = c.state().exitCode();
        c.exited(code);
        c.removedFuture().complete(code);
    }

    /** Snapshots, bundles and exit files that belong to no container: left by a crash mid-create or mid-remove. */
    private void removeOrphans() {
        Set<String> ids = new HashSet<>();
        ctx.store.all().forEach(c -> ids.add(c.id()));
        try {
            for (String key : ctx.snapshots.keys()) {
                if (!ids.contains(key)) {
                    LOG.info(() -> "removing orphaned snapshot " + key);
                    ctx.snapshots.remove(key);
                }
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(ctx.store.bundleRoot())) {
                for (Path b : ds) {
                    if (!ids.contains(b.getFileName().toString())) {
                        FileTrees.delete(b);
                    }
                }
            }
            ctx.snapshots.pruneLinks();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "orphan cleanup failed: " + e.getMessage());
        }
    }

    private void saveQuietly(Container c) {
        try {
            ctx.store.save(c);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save " + c, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + p);
        }
    }
}
