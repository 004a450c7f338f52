package dev.wharf.model.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Everything the control plane wants on one host. Returned by {@code POST /api/v1/agent/heartbeat} and
 * {@code GET /api/v1/agent/desired-state}.
 *
 * <p>The list is complete: a container the control plane created that is missing from it should not be on
 * the host. Containers the daemon did not get from the control plane (for example made with the docker CLI
 * against the daemon) are not listed and must be left alone.
 *
 * @param hostId     the host this is for
 * @param containers every container the control plane wants on the host, including ones to remove
 * @param networks   the cluster networks the host takes part in, with its subnet and its peers; never null after
 *                   construction (absent in JSON from older control planes)
 */
public record DesiredState(
        String hostId,
        List<DesiredContainer> containers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ClusterNetwork> networks) {

    public DesiredState {
        containers = containers == null ? List.of() : List.copyOf(containers);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** Containers only, no cluster networks. */
    public DesiredState(String hostId, List<DesiredContainer> containers) {
        this(hostId, containers, List.of());
    }
}
