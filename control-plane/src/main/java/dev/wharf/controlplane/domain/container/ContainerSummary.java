package dev.wharf.controlplane.domain.container;

import dev.wharf.model.agent.ContainerSpec;
import java.time.Instant;

/**
 * A container as a list shows it: read straight from the table, never managed by JPA, so a page of them costs
 * one query and no entity bookkeeping (the API's hottest read).
 */
public record ContainerSummary(
        String id,
        String name,
        String image,
        ContainerSpec spec,
        String hostId,
        DesiredContainerState desiredState,
        long generation,
        String observedState,
        Integer exitCode,
        String ipAddress,
        long observedGeneration,
        Instant observedAt,
        Instant createdAt,
        String createdBy,
        String pendingReason) {
}
