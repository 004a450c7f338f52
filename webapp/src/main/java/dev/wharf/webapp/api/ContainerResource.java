package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.ContainerService;
import dev.wharf.controlplane.application.CreateContainer;
import dev.wharf.webapp.api.security.RequestCaller;
import dev.wharf.controlplane.application.ContainerRuntimeService;
import dev.wharf.controlplane.application.ContainerRuntimeService.ExecRequest;
import dev.wharf.controlplane.application.ContainerRuntimeService.ExecResult;
import dev.wharf.controlplane.application.ContainerRuntimeService.LogOptions;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.StdStreamReader;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;

/**
 * Containers across all hosts. Every change only records the desired state; the host's daemon applies it on
 * its next heartbeat, and the observed state comes back in {@code observed}. Logs, exec and kill act on the host
 * at once, through its Docker API tunnel (503 naming the host when it is not connected). Reads admit every role;
 * changes admit admin and operator.
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
                                    @QueryParam("offset") String offset,
                                    @QueryParam("limit") String limit) {
        return containers.listSummaries(state, host, QueryParams.intParam("offset", offset, 0, 0, Integer.MAX_VALUE),
                QueryParams.intParam("limit", limit, 100, 1, 500)).stream().map(ContainerView::of).toList();
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

    private static final Logger LOG = Logger.getLogger(ContainerResource.class.getName());

    @Inject
    ContainerRuntimeService runtime;

    @Inject
    ApiExecutor executor;

    /**
     * The container's output, stdout and stderr interleaved, as plain text. {@code tail} ({@code all} or a
     * number), {@code since} (Unix seconds or RFC 3339), {@code timestamps}; with {@code follow=true} the answer
     * streams on as the container writes.
     */
    @GET
    @Path("/{container}/logs")
    @Produces({"text/plain;qs=1", MediaType.APPLICATION_JSON})
    public Response logs(@PathParam("container") String container, @QueryParam("tail") String tail,
                         @QueryParam("since") String since, @QueryParam("follow") String follow,
                         @QueryParam("timestamps") String timestamps) {
        DockerResponse response = runtime.openLogs(container, options(tail, since, follow, timestamps));
        StreamingOutput body = out -> {
            try (response) {
                StdStreamReader reader = StdStreamReader.of(response);
                for (StdStreamReader.Frame f = reader.next(); f != null; f = reader.next()) {
                    out.write(f.data());
                    out.flush();
                }
            }
        };
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    /**
     * The container's output as Server-Sent Events (ask with {@code Accept: text/event-stream}): one event per
     * line, named {@code stdout} or {@code stderr}, then an {@code end} event when the output ends (never, with
     * {@code follow=true}, while the container runs).
     */
    @GET
    @Path("/{container}/logs")
    @Produces("text/event-stream;qs=0.5")
    public void logEvents(@PathParam("container") String container, @QueryParam("tail") String tail,
                          @QueryParam("since") String since, @QueryParam("follow") String follow,
                          @QueryParam("timestamps") String timestamps,
                          @Context SseEventSink sink, @Context Sse sse) {
        DockerResponse response = runtime.openLogs(container, options(tail, since, follow, timestamps));
        executor.execute(() -> {
            ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
            try (response; sink) {
                StdStreamReader reader = StdStreamReader.of(response);
                for (StdStreamReader.Frame f = reader.next(); f != null && !sink.isClosed(); f = reader.next()) {
                    boolean err = f.stream() == StdStreamReader.Kind.STDERR;
                    ByteArrayOutputStream line = partial[err ? 1 : 0];
                    for (byte b : f.data()) {
                        if (b == '\n') {
                            send(sink, sse, err ? "stderr" : "stdout", line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                }
                for (int i = 0; i < 2; i++) {
                    if (partial[i].size() > 0) {
                        send(sink, sse, i == 1 ? "stderr" : "stdout", partial[i].toString(StandardCharsets.UTF_8));
                    }
                }
                send(sink, sse, "end", "");
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "log stream of " + container + " ended", e);
            }
        });
    }

    /**
     * Runs a command in the running container and answers when it ends:
     * {@code {"exitCode":0,"stdout":"...","stderr":"...","truncated":false}} (output capped at 1 MiB a stream).
     */
    @POST
    @Path("/{container}/exec")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ExecResult exec(@PathParam("container") String container, ExecRequest request) {
        return runtime.exec(container, request);
    }

    /**
     * Sends a signal ({@code signal}, default KILL) to the container's main process. KILL, TERM, INT and QUIT also
     * set the desired state to stopped, so the host does not start it again.
     */
    @POST
    @Path("/{container}/kill")
    @Produces(MediaType.APPLICATION_JSON)
    public ContainerView kill(@PathParam("container") String container, @QueryParam("signal") String signal) {
        return ContainerView.of(runtime.kill(container, signal));
    }

    private static LogOptions options(String tail, String since, String follow, String timestamps) {
        return new LogOptions(tail, QueryParams.unixTimeParam("since", since),
                QueryParams.boolParam("follow", follow, false), QueryParams.boolParam("timestamps", timestamps, false));
    }

    private static void send(SseEventSink sink, Sse sse, String name, String data) {
        sink.send(sse.newEventBuilder().name(name).data(data).build()).toCompletableFuture().join();
    }
}
