package dev.wharf.webapp.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerSummary;
import dev.wharf.model.agent.ContainerSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the API shows it: what was asked for ({@code desiredState}, {@code generation}) next to
 * what the host last reported ({@code observed}, null until the daemon has reported it). {@code pendingReason}
 * says why the container waits to move to another host (its host drains), else it is null. {@code spec} is the
 * whole spec as created (ports, volumes, resources, constraints, restart policy, network...), on a single
 * container's GET only.
 */
public record ContainerView(
        String id,
        String name,
        String image,
        List<String> command,
        List<String> env,
        Map<String, String> labels,
        String hostId,
        String desiredState,
        long generation,
        Observed observed,
        Instant createdAt,
        String createdBy,
        String pendingReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContainerSpec spec) {

    /**
     * @param state      Docker's state word as the daemon reported it, or {@code absent}
     * @param generation the desired generation the daemon had applied
     */
    public record Observed(String state, Integer exitCode, String ipAddress, long generation, Instant at) {
    }

    static ContainerView of(ContainerSummary c) {
        Observed observed = c.observedState() == null ? null
                : new Observed(c.observedState(), c.exitCode(), c.ipAddress(), c.observedGeneration(), c.observedAt());
        return new ContainerView(c.id(), c.name(), c.image(), c.spec().command(), c.spec().env(), c.spec().labels(),
                c.hostId(), c.desiredState().apiName(), c.generation(), observed, c.createdAt(), c.createdBy(),
                c.pendingReason(), null); // lists stay lean: the spec is on the single GET
    }

    static ContainerView of(Container c) {
        Observed observed = c.observedState() == null ? null
                : new Observed(c.observedState(), c.exitCode(), c.ipAddress(), c.observedGeneration(), c.observedAt());
        return new ContainerView(c.id(), c.name(), c.image(), c.spec().command(), c.spec().env(), c.spec().labels(),
                c.hostId(), c.desiredState().apiName(), c.generation(), observed, c.createdAt(), c.createdBy(),
                c.pendingReason(), c.spec());
    }
}
