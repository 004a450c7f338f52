package dev.wharf.daemon.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.Containers;
import dev.wharf.daemon.containers.RestartPolicy;
import dev.wharf.daemon.images.ImageStore;
import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.model.agent.DesiredContainer;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.ObservedContainer;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes this host match the control plane's desired containers, level-triggered and idempotent. It runs on its
 * own thread so a long pull never delays a heartbeat; a newer desired state replaces a queued one. A container
 * is acted on when it is missing, when its spec changed (recreate), or when the control plane bumped its
 * generation (e.g. a restart); one wanted {@code running} that stopped is started again with back-off when its
 * restart policy asks for it.
 * Containers the control plane did not create are never touched.
 */
public final class ContainerReconciler implements DesiredStateApplier, ObservedStateSource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ContainerReconciler.class.getName());

    private final Containers containers;
    private final ImageStore images;
    private final AppliedGenerations applied;
    private final AtomicReference<DesiredState> pending = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile dev.wharf.daemon.network.cluster.ClusterNetworks clusterNetworks;

    public ContainerReconciler(Containers containers, ImageStore images, java.nio.file.Path dataRoot) throws IOException {
        this.containers = containers;
        this.images = images;
        this.applied = new AppliedGenerations(dataRoot);
        this.thread = new Thread(this::loop, "reconciler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Cluster networks (multi-host): set up before the containers that name them are created. */
    public void clusterNetworks(dev.wharf.daemon.network.cluster.ClusterNetworks networks) {
        this.clusterNetworks = networks;
    }

    @Override
    public void apply(DesiredState desired) {
        pending.set(desired);
        synchronized (this) {
            notifyAll();
        }
    }

    private void loop() {
        while (running) {
            DesiredState d = pending.getAndSet(null);
            if (d == null) {
                synchronized (this) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            var cluster = clusterNetworks;
            if (cluster != null) {
                try {
                    cluster.apply(d.networks());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot apply the cluster networks", e);
                }
            }
            for (DesiredContainer dc : d.containers()) {
                try {
                    reconcile(dc);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.log(Level.FINE, "reconcile " + dc.name(), e);
                    LOG.warning("cannot bring container " + dc.name() + " to " + dc.state() + ": " + e.getMessage());
                }
            }
        }
    }

    void reconcile(DesiredContainer d) throws Exception {
        Optional<Container> existing = findManaged(d.id());
        if ("removed".equals(d.state())) {
            if (existing.isPresent()) {
                containers.remove(existing.get(), true);
                LOG.info("removed container " + d.name() + " as the control plane asked");
            }
            applied.forget(d.id());
            return;
        }
        String specHash = specHash(d.spec());
        Container c = existing.orElse(null);
        if (c != null && !specHash.equals(ManagedLabels.label(c, ManagedLabels.SPEC))) {
            containers.remove(c, true);
            c = null;
        }
        boolean fresh = c == null;
        if (fresh) {
            c = create(d, specHash);
        }
        boolean newGeneration = applied.get(d.id()) < d.generation();
        if (!fresh && !newGeneration) {
            keepRunning(d, c);
            return;
        }
        switch (d.state()) {
            case "running" -> {
                if (c.state().isRunning() && newGeneration && !fresh) {
                    containers.stop(c, 10);
                }
                if (!c.state().isRunning()) {
                    containers.start(c);
                }
            }
            case "stopped" -> {
                if (c.state().isRunning()) {
                    containers.stop(c, 10);
                }
            }
            default -> { } // created: existing is enough
        }
        applied.put(d.id(), d.generation());
    }

    /**
     * Desired {@code running} is kept as far as the container's restart policy asks, as Docker would: with
     * {@code always} or {@code unless-stopped} a container that stopped (it exited, or the host was shut down) is
     * started again, with {@code on-failure[:N]} only after a failure and within N restarts, with {@code no} (the
     * default) a container that ran and exited stays exited, as a finished job. The back-off doubles from 1 s to
     * 1 min so a crashing one does not spin; the daemon's own restart manager usually acts first.
     */
    private void keepRunning(DesiredContainer d, Container c) throws IOException {
        if (!"running".equals(d.state()) || c.state().isRunning()
                || !wantsRestart(d.spec().restartPolicy(), c.state().exitCode(), c.restartCount())) {
            return;
        }
        long now = System.currentTimeMillis();
        Backoff b = backoff.computeIfAbsent(d.id(), k -> new Backoff());
        if (now < b.nextAttempt) {
            return;
        }
        b.delay = b.lastAttempt > 0 && now - b.lastAttempt < 60_000 ? Math.min(b.delay * 2, 60_000) : 1000;
        b.lastAttempt = now;
        b.nextAttempt = now + b.delay;
        LOG.info("starting " + d.name() + " again: the control plane wants it running");
        containers.start(c);
    }

    /**
     * Whether {@code policy} ({@code no|always|unless-stopped|on-failure[:N]}, null = no) restarts this exit: the
     * daemon's own {@link RestartPolicy}, as the container was created with it.
     */
    static boolean wantsRestart(String policy, int exitCode, int restartCount) {
        ObjectNode hostConfig = JsonNodeFactory.instance.objectNode();
        putRestartPolicy(hostConfig, policy);
        return RestartPolicy.from(hostConfig).shouldRestart(exitCode, restartCount, false);
    }

    /** {@code HostConfig.RestartPolicy} from the spec's {@code name[:max-retries]}; nothing for null. */
    private static void putRestartPolicy(ObjectNode hostConfig, String policy) {
        if (policy != null) {
            String[] parts = policy.split(":", 2);
            ObjectNode rp = hostConfig.putObject("RestartPolicy");
            rp.put("Name", parts[0]);
            if (parts.length > 1) {
                rp.put("MaximumRetryCount", Integer.parseInt(parts[1]));
            }
        }
    }

    private static final class Backoff {
        long lastAttempt;
        long nextAttempt;
        long delay = 1000;
    }

    private final java.util.Map<String, Backoff> backoff = new java.util.concurrent.ConcurrentHashMap<>();

    private Container create(DesiredContainer d, String specHash) throws Exception {
        ContainerSpec spec = d.spec();
        ImageReference ref = ImageReference.parse(spec.image()).withDefaultTag();
        if (images.find(spec.image()).isEmpty()) {
            LOG.info("pulling " + ref + " for container " + d.name());
            images.pull(ref, null, null, null);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("Image", spec.image());
        if (!spec.command().isEmpty()) {
            spec.command().forEach(body.putArray("Cmd")::add);
        }
        spec.env().forEach(body.putArray("Env")::add);
        ObjectNode hostConfig = body.putObject("HostConfig");
        if (spec.network() != null) {
            hostConfig.put("NetworkMode", spec.network());
        }
        if (!spec.volumes().isEmpty()) {
            spec.volumes().forEach(hostConfig.putArray("Binds")::add); // named volumes are created on the way
        }
        if (!spec.ports().isEmpty()) {
            ClusterPorts.publish(spec.ports(), body, hostConfig);
        }
        // the requests the scheduler placed by are also the container's limits, as Nomad's resources are
        if (spec.cpus() != null) {
            hostConfig.put("NanoCpus", Math.round(spec.cpus() * 1e9));
        }
        if (spec.memoryBytes() != null) {
            hostConfig.put("Memory", spec.memoryBytes());
        }
        putRestartPolicy(hostConfig, spec.restartPolicy());
        ObjectNode labels = body.putObject("Labels");
        spec.labels().forEach(labels::put);
        labels.put(ManagedLabels.ID, d.id());
        labels.put(ManagedLabels.SPEC, specHash);
        String name = d.name();
        Optional<Container> clash = name == null ? Optional.empty() : containers.store().find(name);
        if (clash.isPresent() && !d.id().equals(ManagedLabels.controlPlaneId(clash.get()))) {
            throw new IOException("the name " + name + " is taken on this host by container " + clash.get().id());
        }
        return containers.create(name, body);
    }

    private Optional<Container> findManaged(String controlPlaneId) {
        for (Container c : containers.store().all()) {
            if (controlPlaneId.equals(ManagedLabels.controlPlaneId(c))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Hash of everything that shapes the container on this host (not the placement-only constraints, group and
     * max-per-host): a change means the container is recreated.
     */
    static String specHash(ContainerSpec spec) {
        try {
            ContainerSpec shape = new ContainerSpec(spec.image(), spec.command(), spec.env(), new java.util.TreeMap<>(spec.labels()),
                    spec.cpus(), spec.memoryBytes(), spec.ports(), List.of(), null, null, spec.restartPolicy(), spec.network(),
                    spec.volumes());
            byte[] json = SPEC_JSON.writeValueAsBytes(shape);
            return Digest.sha256(json).encoded().substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SPEC_JSON = ControlPlaneClient.JSON.copy()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Override
    public List<ObservedContainer> containers() {
        List<ObservedContainer> out = new ArrayList<>();
        for (Container c : containers.store().all()) {
            String cpId = ManagedLabels.controlPlaneId(c);
            Integer exit = c.state().isRunning() ? null : c.state().exitCode();
            out.add(new ObservedContainer(cpId != null ? cpId : c.id(), c.name(), c.image(), c.state().status().api(),
                    exit, c.state().isRunning() ? ipAddress(c) : null, cpId != null ? applied.get(cpId) : 0));
        }
        return out;
    }

    /** The container's address on its first network, as {@code docker inspect} shows it. */
    private String ipAddress(Container c) {
        try {
            var settings = containers.networking().networkSettings(c);
            Object ip = settings.get("IPAddress");
            if ((ip == null || ip.toString().isEmpty()) && settings.get("Networks") instanceof java.util.Map<?, ?> nets) {
                // on a user (e.g. cluster) network only: its address, as docker inspect's Networks shows it
                for (Object n : nets.values()) {
                    Object a = n instanceof java.util.Map<?, ?> m ? m.get("IPAddress") : null;
                    if (a != null && !a.toString().isEmpty()) {
                        return a.toString();
                    }
                }
            }
            return ip == null || ip.toString().isEmpty() ? null : ip.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> imageIds() {
        return images.list().stream().map(i -> i.id().toString()).toList();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

}
