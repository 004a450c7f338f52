package dev.wharf.daemon;

import dev.wharf.daemon.agent.AgentLink;
import dev.wharf.daemon.agent.DesiredStateApplier;
import dev.wharf.daemon.agent.DockerApiTunnel;
import dev.wharf.daemon.agent.ObservedStateSource;
import dev.wharf.daemon.api.ApiServer;
import dev.wharf.daemon.api.ListenAddress;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.events.EventRoutes;
import dev.wharf.daemon.system.SystemRoutes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host daemon: wires the capabilities (images, containers, networks, ...) to the Docker Engine API and
 * owns their start and stop. Containers outlive the daemon (live restore): stopping it stops serving, not them.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final DaemonConfig config;
    private final Router router = new Router();
    private final EventBus events = new EventBus();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ApiServer server;
    private FileChannel lockChannel;
    private FileLock lock;
    private dev.wharf.daemon.images.ImageStore images;
    private dev.wharf.daemon.containers.Containers containers;

    public Daemon(DaemonConfig config) {
        this.config = config;
    }

    public void start() throws Exception {
        Files.createDirectories(config.dataRoot());
        Files.createDirectories(config.execRoot());
        // others may traverse (bind-mount sources) but not list or read: container configs hold their Env secrets
        Files.setPosixFilePermissions(config.dataRoot(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(config.execRoot(), PosixFilePermissions.fromString("rwx--x--x"));
        lockDataRoot();
        SystemRoutes system = new SystemRoutes(config, engineId());
        system.register(router);
        new EventRoutes(events).register(router);

        // capabilities register their routes and /info fields here (see docs/architecture.md)
        // images (issue 3): registry client, content/layer/image stores and the image endpoints
        images = new dev.wharf.daemon.images.ImageStore(config.dataRoot(), new dev.wharf.daemon.registry.RegistryClient(
                config.insecureRegistries(), config.dataRoot().resolve("registry-auth.json")), events);
        new dev.wharf.daemon.images.ImageRoutes(images).register(router);
        system.contribute("Images", () -> images.list().size());
        // containers (issue 4): overlay snapshots, conmon + runc, lifecycle, logs, attach; live restore first
        containers = new dev.wharf.daemon.containers.Containers(config, images, events);
        closeOnStop(containers);
        // networking (issue 5): bridges, veths, IPAM, nft; plugged into containers before they are re-adopted
        var networks = new dev.wharf.daemon.network.NetworkService(config.dataRoot(), config.execRoot(), config.bridgeSubnet());
        networks.start();
        closeOnStop(networks);
        var bridgeNetworking = new dev.wharf.daemon.network.BridgeNetworking(networks, containers.store());
        containers.networking(bridgeNetworking);
        new dev.wharf.daemon.network.NetworkRoutes(networks, bridgeNetworking).register(router);
        // volumes, binds and tmpfs (issue 4, part 2): plugged into containers before they are re-adopted
        var volumes = new dev.wharf.daemon.volumes.VolumeService(new dev.wharf.daemon.volumes.VolumeStore(
                config.dataRoot().resolve("volumes")), containers.store(), events);
        containers.mounts(volumes);
        var volumeRoutes = new dev.wharf.daemon.volumes.VolumeRoutes(volumes, events);
        volumeRoutes.register(router);
        images.contributeDiskUsage("Volumes", volumeRoutes::diskUsage);
        containers.restore();
        bridgeNetworking.reconcile();
        containers.register(router);
        // exec, commit/diff/export, cp (archive), stats/top (issue 4, part 2)
        new dev.wharf.daemon.exec.ExecRoutes(new dev.wharf.daemon.exec.ExecService(containers, events, config.execRoot()),
                containers.store()).register(router);
        new dev.wharf.daemon.archive.ArchiveRoutes(containers).register(router);
        new dev.wharf.daemon.commit.CommitRoutes(containers, images, events, config.dataRoot().resolve("commit-tmp")).register(router);
        new dev.wharf.daemon.stats.StatsRoutes(containers).register(router);
        for (String f : java.util.List.of("Containers", "ContainersRunning", "ContainersPaused", "ContainersStopped")) {
            system.contribute(f, () -> containers.counts().get(f));
        }
        // the control plane's desired containers, applied level-triggered; heartbeats report what is here
        var reconciler = new dev.wharf.daemon.agent.ContainerReconciler(containers, images, config.dataRoot());
        // multi-host (issue 8): cluster networks (per-host subnet, routes / VXLAN to the peers) before containers
        var clusterNetworks = new dev.wharf.daemon.network.cluster.ClusterNetworks(networks, config.advertiseAddress());
        closeOnStop(clusterNetworks);
        reconciler.clusterNetworks(clusterNetworks);
        closeOnStop(reconciler);
        observedState(reconciler);
        desiredStateApplier(reconciler);

        server = new ApiServer(router);
        for (ListenAddress a : config.hosts()) {
            server.listen(a);
        }
        startAgentLink();
        Files.writeString(config.pidFile(), Long.toString(ProcessHandle.current().pid()));
        LOG.info("Wharf daemon ready: data-root " + config.dataRoot() + ", exec-root " + config.execRoot());
    }

    /** Joins the control plane when {@code --control-plane} is set; the link runs in the background. */
    private void startAgentLink() {
        if (config.controlPlaneUrl() == null) {
            return;
        }
        agentLink = new AgentLink(config.controlPlaneUrl(), config.joinToken(), config.dataRoot(), config.labels(),
                observedState, desiredStateApplier);
        agentLink.identity(config.nodeName(), config.advertiseAddress());
        agentLink.start();
        closeOnStop(agentLink);
        config.hosts().stream().filter(h -> h instanceof ListenAddress.Unix).findFirst().ifPresent(h -> {
            DockerApiTunnel tunnel = new DockerApiTunnel(config.controlPlaneUrl(), agentLink::credentialToken,
                    ((ListenAddress.Unix) h).socket());
            tunnel.start();
            closeOnStop(tunnel);
        });
    }

    /** Set by the container wiring before {@link #start()} completes; empty until containers exist. */
    private ObservedStateSource observedState = ObservedStateSource.EMPTY;
    private DesiredStateApplier desiredStateApplier = desired -> LOG.fine(() -> "desired state: " + desired.containers().size() + " containers");
    private AgentLink agentLink;

    public void observedState(ObservedStateSource source) {
        this.observedState = source;
    }

    public void desiredStateApplier(DesiredStateApplier applier) {
        this.desiredStateApplier = applier;
    }

    public Router router() {
        return router;
    }

    /** The containers (issue 4): {@code containers().store().find(idOrName)}, lifecycle; null before {@link #start()}. */
    public dev.wharf.daemon.containers.Containers containers() {
        return containers;
    }

    /** The local images (issue 3): find, layerDirs, commit, pull; null before {@link #start()}. */
    public dev.wharf.daemon.images.ImageStore images() {
        return images;
    }

    public EventBus events() {
        return events;
    }

    public DaemonConfig config() {
        return config;
    }

    /** Keeps one daemon per data root: two would corrupt each other's stores. */
    private void lockDataRoot() throws IOException {
        lockChannel = FileChannel.open(config.dataRoot().resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another Wharf daemon is using the data root " + config.dataRoot());
        }
    }

    private String engineId() throws IOException {
        Path f = config.dataRoot().resolve("engine-id");
        if (Files.exists(f)) {
            return Files.readString(f, StandardCharsets.UTF_8).trim();
        }
        String id = UUID.randomUUID().toString();
        Files.writeString(f, id);
        return id;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "error while stopping " + closeables.get(i), e);
            }
        }
        try {
            Files.deleteIfExists(config.pidFile());
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cleanup", e);
        }
        LOG.info("Wharf daemon stopped");
    }

    /** Registers something to stop, in reverse order, when the daemon stops. */
    public void closeOnStop(AutoCloseable c) {
        closeables.add(c);
    }
}
