package dev.wharf.controlplane.infrastructure.tunnel;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** The tunnels of the connected daemons, by host id. A host has at most one: a reconnect replaces the old. */
@ApplicationScoped
public class HostTunnels {

    private static final Logger LOG = Logger.getLogger(HostTunnels.class.getName());

    private final Map<String, HostTunnel> byHost = new ConcurrentHashMap<>();

    /** Registers a daemon's new connection, closing an older one of the same host. */
    public HostTunnel connect(String hostId, TunnelTransport transport) {
        HostTunnel tunnel = new HostTunnel(hostId, transport);
        HostTunnel old = byHost.put(hostId, tunnel);
        if (old != null) {
            old.close("replaced by a newer connection of the same host");
        }
        LOG.info(() -> "Docker API tunnel of host " + hostId + " connected");
        return tunnel;
    }

    /** The connection ended; forgets it unless a newer one has already replaced it. */
    public void disconnected(HostTunnel tunnel, String reason) {
        tunnel.closed(reason);
        if (byHost.remove(tunnel.hostId(), tunnel)) {
            LOG.info(() -> "Docker API tunnel of host " + tunnel.hostId() + " disconnected: " + reason);
        }
    }

    /** Closes a host's tunnel, e.g. when the host is removed. */
    public void disconnect(String hostId, String reason) {
        HostTunnel tunnel = byHost.remove(hostId);
        if (tunnel != null) {
            tunnel.close(reason);
        }
    }

    public Optional<HostTunnel> find(String hostId) {
        return Optional.ofNullable(byHost.get(hostId)).filter(HostTunnel::isOpen);
    }

    public boolean isConnected(String hostId) {
        return find(hostId).isPresent();
    }

    public Set<String> connectedHostIds() {
        return Set.copyOf(byHost.keySet());
    }
}
