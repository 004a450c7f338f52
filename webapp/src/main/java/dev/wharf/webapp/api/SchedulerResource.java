package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.scheduling.SchedulingSettings;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.webapp.api.security.Allowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The cluster's scheduler settings: {@code {"algorithm":"spread"}} or {@code binpack}. Changing it is admin only. */
@Path("/v1/cluster/scheduler")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SchedulerResource {

    /** The ranking of feasible hosts: {@code spread} (default) or {@code binpack}. */
    public record SchedulerConfig(String algorithm) {
    }

    @Inject
    SchedulingSettings settings;

    @GET
    public SchedulerConfig get() {
        return new SchedulerConfig(settings.algorithm().apiName());
    }

    /** Sets the algorithm for later placements; 400 for anything but spread or binpack. */
    @PUT
    @Allowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public SchedulerConfig set(SchedulerConfig config) {
        return new SchedulerConfig(settings.algorithm(config == null ? null : config.algorithm()).apiName());
    }
}
