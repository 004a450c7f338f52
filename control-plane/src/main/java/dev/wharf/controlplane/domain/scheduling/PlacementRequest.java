package dev.wharf.controlplane.domain.scheduling;

import dev.wharf.model.agent.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one container asks of a host, read from its spec once per pass.
 *
 * @param containerId   the container to place
 * @param cpus          CPU request (0 = none)
 * @param memoryBytes   memory request (0 = none)
 * @param portKeys      host ports it takes, as {@code 8080/tcp}
 * @param constraints   rules every candidate must satisfy
 * @param group         placement group, or null
 * @param maxPerHost    limit per host within the group, or 0 for none
 * @param image         image reference (locality)
 * @param pinnedHost    the host id the user named, or null
 * @param avoidHosts    hosts not to use (the host a container moves off)
 */
public record PlacementRequest(String containerId, double cpus, long memoryBytes, List<String> portKeys,
                               List<Constraint> constraints, String group, int maxPerHost, String image,
                               String pinnedHost, Set<String> avoidHosts) {

    public PlacementRequest {
        portKeys = List.copyOf(portKeys);
        constraints = List.copyOf(constraints);
        avoidHosts = avoidHosts == null ? Set.of() : Set.copyOf(avoidHosts);
    }

    /** The request a spec makes; the spec was validated when it was stored. */
    public static PlacementRequest of(String containerId, ContainerSpec spec, String pinnedHost, Set<String> avoidHosts) {
        return new PlacementRequest(containerId, spec.cpus() == null ? 0 : spec.cpus(),
                spec.memoryBytes() == null ? 0 : spec.memoryBytes(), portKeys(spec),
                spec.constraints().stream().map(Constraint::parse).toList(), spec.group(),
                spec.maxPerHost() == null ? 0 : spec.maxPerHost(), spec.image(), pinnedHost, avoidHosts);
    }

    /** The host ports a spec takes. */
    public static List<String> portKeys(ContainerSpec spec) {
        List<String> keys = new ArrayList<>();
        for (String p : spec.ports()) {
            String key = PortRequest.parse(p).hostKey();
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }
}
