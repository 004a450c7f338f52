package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.ContainerService;
import dev.wharf.controlplane.application.CreateContainer;
import dev.wharf.webapp.api.security.RequestCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;

/**
 * Containers across all hosts. Every change only records the desired state; the host's daemon applies it on
 * its next heartbeat, and the observed state comes back in {@code observed}. Reads admit every role; changes
 * admit admin and operator.
 */
@Path("/v1/containers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {

    @Inject
    ContainerService containers;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    /**
     * Creates a container (desired state {@code created}) on the named host or the least-loaded ready one.
     * 201 with a Location; 400 naming bad fields; 409 for a taken name or no ready host. With an
     * {@code Idempotency-Key} header, repeating the call returns 200 with the container the first call made.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam("Idempotency-Key") String idempotencyKey, CreateContainer request) {
        ContainerService.Created result = containers.create(request, idempotencyKey, requestCaller.require());
        ContainerView view = ContainerView.of(result.container());
        URI location = uri.getAbsolutePathBuilder().path(view.id()).build();
        return (result.isNew() ? Response.created(location) : Response.ok().location(location)).entity(view).build();
    }

    /** A page of containers, newest first; filter by desired {@code state} and by {@code host} (id or name). */
    @GET
    public List<ContainerView> list(@QueryParam("state") String state, @QueryParam("host") String host,
                                    @QueryParam("offset") @DefaultValue("0") int offset,
                                    @QueryParam("limit") @DefaultValue("100") int limit) {
        return containers.list(state, host, offset, limit).stream().map(ContainerView::of).toList();
    }

    /** One container by id or name; 404 if there is none. */
    @GET
    @Path("/{container}")
    public ContainerView get(@PathParam("container") String container) {
        return ContainerView.of(containers.get(container));
    }

    /** Asks for the container to run. */
    @POST
    @Path("/{container}/start")
    public ContainerView start(@PathParam("container") String container) {
        return ContainerView.of(containers.start(container));
    }

    /** Asks for the container to stop. */
    @POST
    @Path("/{container}/stop")
    public ContainerView stop(@PathParam("container") String container) {
        return ContainerView.of(containers.stop(container));
    }

    /** Asks for the container to be started afresh, even if it runs (a new generation). */
    @POST
    @Path("/{container}/restart")
    public ContainerView restart(@PathParam("container") String container) {
        return ContainerView.of(containers.restart(container));
    }

    /** Asks the host to remove the container; 202, as the record goes once the daemon has removed it. */
    @DELETE
    @Path("/{container}")
    public Response remove(@PathParam("container") String container) {
        return Response.accepted(ContainerView.of(containers.remove(container))).build();
    }
}
