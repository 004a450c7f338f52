package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.DaemonConfig;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.images.ImageStore;
import dev.wharf.daemon.logs.Inotify;
import dev.wharf.daemon.runtime.Conmon;
import dev.wharf.daemon.runtime.OciRuntime;
import dev.wharf.daemon.snapshots.OverlaySnapshotter;
import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The containers capability: store, lifecycle, exits, logs and attach, wired once by the daemon. Other
 * capabilities use {@link #store()} to find containers ({@code find(idOrName)}), {@link #runtime()} for the OCI
 * runtime, and {@link #networking(ContainerNetworking)} to plug in real networking.
 */
public final class Containers implements AutoCloseable {
    final DaemonConfig config;
    final ContainerStore store;
    final OverlaySnapshotter snapshots;
    final ImageStore images;
    final EventBus events;
    final OciRuntime runtime;
    final Conmon conmon;
    final Inotify inotify;
    final String cgroupParent;
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "container-restarts"));
    final ExecutorService workers = Executors.newCachedThreadPool(r -> daemonThread(r, "container-work"));
    /** Plugged in by the networking capability before {@link #restore()}; nothing starts without it. */
    volatile ContainerNetworking networking;
    volatile ContainerMounts mounts = ContainerMounts.NONE;
    final ContainerFactory factory;
    final ContainerLifecycle lifecycle;
    final ContainerExits exits;

    public Containers(DaemonConfig config, ImageStore images, EventBus events) throws IOException {
        this.config = config;
        this.images = images;
        this.events = events;
        this.snapshots = new OverlaySnapshotter(config.dataRoot().resolve("snapshots"));
        this.store = new ContainerStore(config.dataRoot(), config.execRoot(), snapshots);
        this.runtime = OciRuntime.forName(config.runtime(), config.execRoot());
        this.conmon = new Conmon(runtime);
        this.inotify = new Inotify();
        this.cgroupParent = cgroupParent(config.dataRoot());
        this.factory = new ContainerFactory(store, snapshots, images, runtime.name(), cgroupParent, () -> networking);
        this.lifecycle = new ContainerLifecycle(this);
        this.exits = new ContainerExits(this);
        images.setInUse(this::containerUsing);
    }

    /** {@code wharf} for the default data root, {@code wharf-<hash>} for others, so daemons never share one. */
    static String cgroupParent(Path dataRoot) {
        if (dataRoot.equals(Path.of("/var/lib/wharf"))) {
            return "wharf";
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dataRoot.toString().getBytes(StandardCharsets.UTF_8));
            return "wharf-" + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Re-adopts the containers of a previous run (live restore) and starts watching exits. */
    public void restore() throws IOException {
        if (networking == null) {
            throw new IllegalStateException("plug in networking before restoring containers");
        }
        exits.restore();
    }

    public void register(Router router) {
        new ContainerRoutes(this).register(router);
    }

    public ContainerStore store() {
        return store;
    }

    public OciRuntime runtime() {
        return runtime;
    }

    public OverlaySnapshotter snapshots() {
        return snapshots;
    }

    public Inotify inotify() {
        return inotify;
    }

    public ContainerNetworking networking() {
        return networking;
    }

    /** Plugs in volumes and bind mounts; call before {@link #restore()}. */
    public void mounts(ContainerMounts m) {
        this.mounts = m;
        factory.mounts = m;
    }

    public ContainerMounts mounts() {
        return mounts;
    }

    /** Plugs in networking (bridges, veths, IPAM); call before {@link #restore()}. */
    public void networking(ContainerNetworking n) {
        this.networking = Objects.requireNonNull(n);
    }

    // ---- the lifecycle, for callers other than the HTTP routes (control-plane agent) ----

    public Container create(String name, ObjectNode body) throws IOException {
        Container c = factory.create(name, body);
        events.publish("container", "create", c.id(), EventAttributes.of(c));
        return c;
    }

    public void start(Container c) throws IOException {
        lifecycle.start(c);
    }

    public void stop(Container c, Integer timeoutSeconds) throws IOException, InterruptedException {
        lifecycle.stop(c, timeoutSeconds);
    }

    public void kill(Container c, String signal) throws IOException, InterruptedException {
        lifecycle.kill(c, signal);
    }

    public void remove(Container c, boolean force) throws IOException, InterruptedException {
        exits.remove(c, force);
    }

    /** {@code /info}'s container counts. */
    public Map<String, Object> counts() {
        int running = 0;
        int paused = 0;
        int stopped = 0;
        for (Container c : store.all()) {
            switch (c.state().status()) {
                case RUNNING, RESTARTING -> running++;
                case PAUSED -> paused++;
                default -> stopped++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", running + paused + stopped);
        m.put("ContainersRunning", running);
        m.put("ContainersPaused", paused);
        m.put("ContainersStopped", stopped);
        return m;
    }

    /** For image removal: a container using the image, prefixed {@code running:} when it runs. */
    private Optional<String> containerUsing(Digest imageId) {
        String id = imageId.toString();
        Optional<String> stopped = Optional.empty();
        for (Container c : store.all()) {
            if (id.equals(c.imageId())) {
                if (c.state().isRunning()) {
                    return Optional.of("running:" + c.id());
                }
                stopped = Optional.of(c.id());
            }
        }
        return stopped.isPresent() ? stopped : factory.creating(id);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
        // running containers keep their rootfs (live restore); stopped ones give theirs back, so a stopped daemon
        // leaves no mount for a container that is not running (start, cp and exec mount it again)
        for (Container c : store.all()) {
            if (!c.state().isRunning() && c.state().status() != ContainerState.Status.PAUSED) {
                try {
                    snapshots.unmount(c.id());
                } catch (IOException | RuntimeException e) {
                    java.util.logging.Logger.getLogger(Containers.class.getName()).fine("cannot unmount " + c.id() + ": " + e.getMessage());
                }
            }
        }
        for (Container c : store.all()) {
            var r = c.rotator();
            if (r != null) {
                r.close();
            }
        }
        if (store.all().isEmpty()) {
            Cgroups.removeParentIfEmpty(cgroupParent);
        }
        inotify.close();
        snapshots.close();
    }
}
