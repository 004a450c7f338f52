package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.VolumeService;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.volume.Volume;
import dev.wharf.webapp.api.security.Creates;
import dev.wharf.webapp.api.security.RequestCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named volumes, each wanted on one host (desired state). Reads admit every role; changes admin and operator. */
@Path("/v1/volumes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    /** {@code {"name":"data","host":"node-a","driver":"local","labels":{"app":"db"}}}; driver is optional. */
    public record NewVolume(String name, String host, String driver, Map<String, String> labels) {
    }

    /** A volume as the API shows it. */
    public record VolumeView(String id, String name, String hostId, String driver, Map<String, String> labels,
                             String desiredState, Instant createdAt, String createdBy) {
        static VolumeView of(Volume v) {
            return new VolumeView(v.id(), v.name(), v.hostId(), v.driver(), v.labels(), v.desiredState(),
                    v.createdAt(), v.createdBy());
        }
    }

    @Inject
    VolumeService volumes;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    /** 201 with the volume; 400 naming bad fields; 409 if the host already has a volume of that name. */
    @POST
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewVolume request) {
        if (request == null) {
            throw InvalidInputException.of("body", "name and host are required");
        }
        VolumeView view = VolumeView.of(volumes.create(request.name(), request.host(), request.driver(),
                request.labels(), requestCaller.require()));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    /** Every volume, or those of one {@code host} (id or name). */
    @GET
    public List<VolumeView> list(@QueryParam("host") String host) {
        return volumes.list(host).stream().map(VolumeView::of).toList();
    }

    @GET
    @Path("/{volume}")
    public VolumeView get(@PathParam("volume") String volume) {
        return VolumeView.of(volumes.get(volume));
    }

    /** 204. */
    @DELETE
    @Path("/{volume}")
    public Response remove(@PathParam("volume") String volume) {
        volumes.remove(volume);
        return Response.noContent().build();
    }
}
