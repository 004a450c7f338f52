package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.scheduling.ServiceService;
import dev.wharf.controlplane.application.scheduling.ServiceService.ServiceStatus;
import dev.wharf.controlplane.domain.scheduling.ReplicatedService;
import dev.wharf.controlplane.domain.scheduling.UpdateConfig;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.webapp.api.security.Creates;
import dev.wharf.webapp.api.security.RequestCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/**
 * Replicated services (Swarm's basics): N replicas of one spec spread over the hosts, scaled, and updated batch by
 * batch with rollback when a new replica does not run in time. Reads admit every role; changes admit admin and
 * operator.
 */
@Path("/v1/services")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    /**
     * {@code {"name":"web","replicas":3,"spec":{"image":"busybox","command":[...],"maxPerHost":1},
     * "update":{"parallelism":1,"delay":5,"order":"start-first","failureAction":"rollback","deadline":60}}}.
     */
    public record ServiceRequest(String name, Integer replicas, ContainerSpec spec, UpdateRequest update) {
    }

    /** Update settings; seconds for delay and deadline. */
    public record UpdateRequest(Integer parallelism, Integer delay, String order, String failureAction, Integer deadline) {
        UpdateConfig config() {
            return new UpdateConfig(parallelism, delay, order, failureAction, deadline);
        }
    }

    /** {@code {"replicas": 5}}. */
    public record ScaleRequest(Integer replicas) {
    }

    /** One replica: its container, host, slot, spec version and observed state. */
    public record ReplicaView(String id, String name, String hostId, int slot, long specVersion, String desiredState,
                              String observedState, String ipAddress, String pendingReason) {
    }

    /** A service as the API shows it; {@code running} counts replicas reported running. */
    public record ServiceView(String id, String name, int replicas, long running, ContainerSpec spec, long specVersion,
                              UpdateConfig update, String updateState, String updateMessage, Instant createdAt,
                              String createdBy, List<ReplicaView> tasks) {

        static ServiceView of(ServiceStatus status) {
            ReplicatedService s = status.service();
            List<ReplicaView> tasks = status.replicas().stream().map(c -> new ReplicaView(c.id(), c.name(), c.hostId(),
                    c.serviceSlot() == null ? 0 : c.serviceSlot(), c.serviceVersion() == null ? 0 : c.serviceVersion(),
                    c.desiredState().apiName(), c.observedState(), c.ipAddress(), c.pendingReason())).toList();
            return new ServiceView(s.id(), s.name(), s.replicas(), status.running(), s.spec(), s.specVersion(), s.update(),
                    s.updateState().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), s.updateMessage(),
                    s.createdAt(), s.createdBy(), tasks);
        }
    }

    @Inject
    ServiceService services;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    /** Creates a service; 201; 400 naming bad fields; 409 for a taken name. */
    @POST
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ServiceRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "name and spec are required");
        }
        ReplicatedService s = services.create(request.name(), request.replicas(), request.spec(),
                request.update() == null ? null : request.update().config(), requestCaller.require());
        return Response.created(uri.getAbsolutePathBuilder().path(s.id()).build())
                .entity(ServiceView.of(services.get(s.id()))).build();
    }

    @GET
    public List<ServiceView> list() {
        return services.list().stream().map(ServiceView::of).toList();
    }

    /** One service by id or name, with its replicas; 404 if there is none. */
    @GET
    @Path("/{service}")
    public ServiceView get(@PathParam("service") String service) {
        return ServiceView.of(services.get(service));
    }

    /** Sets the number of replicas. */
    @POST
    @Path("/{service}/scale")
    @Consumes(MediaType.APPLICATION_JSON)
    public ServiceView scale(@PathParam("service") String service, ScaleRequest request) {
        return ServiceView.of(services.scale(service, request == null ? null : request.replicas()));
    }

    /** A new spec (and optionally update settings and replicas): a rolling update. The name is not changed. */
    @PUT
    @Path("/{service}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ServiceView update(@PathParam("service") String service, ServiceRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "spec is required");
        }
        return ServiceView.of(services.update(service, request.spec(),
                request.update() == null ? null : request.update().config(), request.replicas(), requestCaller.require()));
    }

    /** Removes the service; its replicas are removed from their hosts. 204. */
    @DELETE
    @Path("/{service}")
    public Response remove(@PathParam("service") String service) {
        services.remove(service);
        return Response.noContent().build();
    }
}
