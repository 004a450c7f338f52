package dev.wharf.model.agent;

import java.util.Map;

/**
 * What a host daemon sends once to join the control plane: {@code POST /api/v1/agent/register}.
 *
 * <p>The join token proves that an administrator allowed the host in; the control plane answers with a
 * {@link HostCredential} that the daemon uses from then on. Registering again with the same hostname updates
 * the existing host (and issues a new credential), so a daemon that lost its credential can rejoin.
 *
 * @param joinToken     the cluster's join token, as written to {@code ${wharf.data.dir}/join-token}
 * @param hostname      the host's name, unique in the cluster
 * @param address       an address other hosts and the control plane can reach the host on
 * @param daemonVersion the daemon's version string
 * @param cpus          number of CPUs the host offers
 * @param memoryBytes   memory the host offers, in bytes
 * @param labels        free-form labels used for placement; may be empty, never null after construction
 */
public record HostRegistration(
        String joinToken,
        String hostname,
        String address,
        String daemonVersion,
        int cpus,
        long memoryBytes,
        Map<String, String> labels) {

    public HostRegistration {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
