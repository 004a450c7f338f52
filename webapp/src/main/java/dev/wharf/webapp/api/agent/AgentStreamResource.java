package dev.wharf.webapp.api.agent;

import dev.wharf.controlplane.application.AgentService;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.webapp.api.security.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * A daemon's long-lived stream of its desired state (Server-Sent Events). The daemon opens it, so hosts
 * behind NAT work. Each event is named {@code desired-state} and carries the host's full
 * {@code DesiredState} as JSON: one right away, then one after every change. Comment lines come every 15 s.
 * Authenticated with the host credential ({@code Authorization: Bearer <credential>}); 401 otherwise.
 */
@Path("/v1/agent/stream")
@RequestScoped
@Public
public class AgentStreamResource {

    @Inject
    AgentService agents;

    @Inject
    AgentStreams streams;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                       @Context SseEventSink sink, @Context Sse sse) {
        String credential = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        Host host = agents.authenticate(credential);
        streams.open(host.id(), sink, sse);
    }
}
