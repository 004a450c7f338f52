package dev.wharf.daemon.network;

import java.util.List;

/**
 * The network side of one running container, persisted under {@code <data-root>/network/sandboxes/<id>.json}
 * while it runs: its namespace file (null in host mode), endpoints (first = the one with the default route),
 * published ports and the generated /etc files. After a daemon restart this is what gets re-adopted.
 */
public record Sandbox(
        String containerId,
        String name,
        String hostname,
        String mode,
        String netnsPath,
        List<Endpoint> endpoints,
        List<PublishedPort> ports,
        String hostsPath,
        String hostnamePath,
        String resolvConfPath) {

    Sandbox withEndpoints(List<Endpoint> e) {
        return new Sandbox(containerId, name, hostname, mode, netnsPath, e, ports, hostsPath, hostnamePath, resolvConfPath);
    }
}
