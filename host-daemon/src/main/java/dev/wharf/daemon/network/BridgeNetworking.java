package dev.wharf.daemon.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerNetworking;
import dev.wharf.daemon.containers.ContainerStore;
import dev.wharf.daemon.runtime.OciMount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plugs {@link NetworkService} into the containers capability's seam: set up at start (namespace, veths,
 * addresses, ports, /etc files), tear down after stop, {@code NetworkSettings} for inspect; and resolves
 * containers for {@code docker network connect}.
 */
public final class BridgeNetworking implements ContainerNetworking, ContainerDirectory {
    private final NetworkService networks;
    private final ContainerStore store;

    public BridgeNetworking(NetworkService networks, ContainerStore store) {
        this.networks = networks;
        this.store = store;
    }

    static NetworkRequest request(Container c) {
        ObjectNode body = c.config() == null ? RecordStore.JSON.createObjectNode() : c.config().deepCopy();
        if (c.hostConfig() != null) {
            body.set("HostConfig", c.hostConfig());
        }
        if (c.networkingConfig() != null) {
            body.set("NetworkingConfig", c.networkingConfig());
        }
        return NetworkRequest.fromCreateBody(c.id(), c.name(), body, List.of());
    }

    /** At create: unknown networks, bad static addresses and taken host ports fail before anything exists. */
    @Override
    public void validate(String id, String name, ObjectNode createBody, List<String> imageExposedPorts) {
        networks.containerCreated(NetworkRequest.fromCreateBody(id, name, createBody, imageExposedPorts));
    }

    @Override
    public Attachment setUp(Container c) throws IOException {
        dev.wharf.daemon.network.Attachment a = networks.setUp(request(c));
        List<OciMount> files = new ArrayList<>();
        boolean shared = a.mode().startsWith("container:");
        files.add(OciMount.bind(a.hostsPath(), "/etc/hosts", shared));
        files.add(OciMount.bind(a.hostnamePath(), "/etc/hostname", shared));
        files.add(OciMount.bind(a.resolvConfPath(), "/etc/resolv.conf", shared));
        return new Attachment(a.netnsPath(), files);
    }

    @Override
    public void tearDown(Container c) {
        networks.tearDown(c.id());
    }

    @Override
    public void removed(Container c) {
        networks.containerRemoved(c.id());
    }

    @Override
    public Map<String, Object> networkSettings(Container c) {
        if (networks.wanted(c.id()).isEmpty()) {
            networks.remember(request(c));
        }
        return networks.networkSettings(c.id());
    }

    @Override
    public Optional<Ref> find(String idOrName) {
        return store.find(idOrName).map(c -> new Ref(c.id(), c.name()));
    }

    /**
     * After the containers were re-adopted: sandboxes of containers that no longer run are released, and
     * the remembered networks of removed containers are dropped.
     */
    public void reconcile() {
        Set<String> running = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (Container c : store.all()) {
            known.add(c.id());
            if (c.state().isRunning()) {
                running.add(c.id());
            }
        }
        networks.reconcile(running);
        networks.forgetUnless(known);
    }
}
