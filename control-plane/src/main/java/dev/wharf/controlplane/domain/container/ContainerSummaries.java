package dev.wharf.controlplane.domain.container;

import java.util.List;

/** Pages of containers for lists, newest first. */
public interface ContainerSummaries {

    /**
     * @param state  desired state to match, or null for any
     * @param hostId host to match, or null for any
     */
    List<ContainerSummary> page(DesiredContainerState state, String hostId, int offset, int limit);
}
