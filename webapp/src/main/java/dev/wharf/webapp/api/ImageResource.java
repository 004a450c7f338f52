package dev.wharf.webapp.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.application.ImagePullService;
import dev.wharf.controlplane.application.ImageService;
import dev.wharf.controlplane.application.ImageService.ImageLocation;
import dev.wharf.controlplane.application.PullJob;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
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
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * Images across all hosts, as their daemons last reported them, and image work on hosts through their Docker
 * API tunnels: pulls (as background jobs with per-layer progress), tag and remove. Reads admit every role;
 * the rest admin and operator.
 */
@Path("/v1/images")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    /** {@code {"image":"busybox:1.36","host":"node-a"}}; without a host, every connected ready host pulls. */
    public record PullRequest(String image, String host) {
    }

    /** {@code {"host":"node-a","source":"busybox:latest","target":"registry.local:5000/busybox:v1"}} */
    public record TagRequest(String host, String source, String target) {
    }

    @Inject
    ImageService images;

    @Inject
    ImagePullService pulls;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    /** Every image id with the hosts that hold it: {@code [{"id":"sha256:...","hostIds":[...],"hostNames":[...]}]}. */
    @GET
    public List<ImageLocation> list() {
        return images.listAcrossHosts();
    }

    /**
     * Starts a pull: 202 with the job ({@code GET /api/v1/images/pulls/{id}} polls it, {@code .../events} streams
     * its progress). 400 for a bad reference, 503 naming the host if it is not connected, 409 if no host is.
     */
    @POST
    @Path("/pull")
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pull(PullRequest request) {
        if (request == null) {
            throw InvalidInputException.of("image", "must not be blank");
        }
        PullJob job = pulls.start(request.image(), request.host(), requestCaller.require());
        return Response.accepted(job.snapshot())
                .location(uri.getBaseUriBuilder().path("v1/images/pulls").path(job.id()).build()).build();
    }

    /** A pull job's state: per host, its state and each layer's latest status and byte counts. */
    @GET
    @Path("/pulls/{job}")
    public PullJob.Snapshot pullJob(@PathParam("job") String job) {
        return pulls.get(job).snapshot();
    }

    /**
     * A pull job's progress as Server-Sent Events: first a {@code snapshot} event with the whole job, then one
     * {@code progress} event per step ({@code {"host","layer","status","current","total"}}), and a final
     * {@code done} event with the finished job.
     */
    @GET
    @Path("/pulls/{job}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void pullEvents(@PathParam("job") String jobId, @Context SseEventSink sink, @Context Sse sse) {
        PullJob job = pulls.get(jobId);
        sink.send(json(sse, "snapshot", job.snapshot()));
        Object lock = new Object();
        Runnable[] unsubscribe = new Runnable[1];
        unsubscribe[0] = job.subscribe(progress -> {
            synchronized (lock) {
                if (sink.isClosed()) {
                    unsubscribe[0].run();
                    return;
                }
                if (progress.host() == null) {
                    sink.send(json(sse, "done", job.snapshot()));
                    unsubscribe[0].run();
                    sink.close();
                } else {
                    sink.send(json(sse, "progress", progress));
                }
            }
        });
        if (job.isFinished()) {
            synchronized (lock) {
                if (!sink.isClosed()) {
                    unsubscribe[0].run();
                    sink.send(json(sse, "done", job.snapshot()));
                    sink.close();
                }
            }
        }
    }

    /** Gives an image on a host another name: 200 with no body; 404 if the host has no such image. */
    @POST
    @Path("/tag")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response tag(TagRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "host, source and target are required");
        }
        images.tag(request.host(), request.source(), request.target());
        return Response.ok().build();
    }

    /**
     * Removes an image (name or id) from one host ({@code host}, required); {@code force=true} as in
     * {@code docker rmi -f}. 200 with Docker's list of untagged and deleted items; 404/409 as the host says.
     */
    @DELETE
    @Path("/{image: .+}")
    public JsonNode remove(@PathParam("image") String image, @QueryParam("host") String host,
                           @QueryParam("force") String force) {
        return images.remove(host, image, QueryParams.boolParam("force", force, false));
    }

    private static OutboundSseEvent json(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(data.getClass(), data).build();
    }
}
