package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AgentService;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.Heartbeat;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.HostRegistration;
import dev.wharf.webapp.api.security.NotAudited;
import dev.wharf.webapp.api.security.Public;
import dev.wharf.webapp.api.security.RequestCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The host daemons' side of the API (see {@code dev.wharf.model.agent}). These calls carry no user token:
 * registration proves itself with the join token, everything after with the host's own credential as
 * {@code Authorization: Bearer <credential>}.
 */
@Path("/v1/agent")
@RequestScoped
@Public
public class AgentResource {

    @Inject
    AgentService agents;

    @Inject
    RequestCaller requestCaller;

    /** Joins a host; 200 with its id and credential, 401 for a wrong join token, 400 for missing fields. */
    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public HostCredential register(HostRegistration registration) {
        requestCaller.actor(registration == null || registration.hostname() == null
                ? "host:unknown" : "host:" + registration.hostname());
        return agents.register(registration);
    }

    /** Reports the host's observed state; answers with its full desired state. 401 for a wrong credential. */
    @POST
    @Path("/heartbeat")
    @NotAudited
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DesiredState heartbeat(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Heartbeat heartbeat) {
        return agents.heartbeat(credential(authorization), heartbeat);
    }

    /** The host's full desired state, e.g. right after the daemon (re)starts. */
    @GET
    @Path("/desired-state")
    @Produces(MediaType.APPLICATION_JSON)
    public DesiredState desiredState(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return agents.desiredState(credential(authorization));
    }

    private static String credential(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
