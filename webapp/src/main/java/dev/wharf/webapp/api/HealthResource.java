package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.SystemService;
import dev.wharf.webapp.api.security.Public;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Liveness and readiness of the control plane, for scripts and load balancers. No login needed. */
@Path("/v1/health")
@RequestScoped
@Public
public class HealthResource {

    /**
     * The health of the control plane.
     *
     * @param status   {@code UP} when everything answers, else {@code DOWN}
     * @param database {@code UP} when the database answers a query
     * @param version  the control plane's version
     */
    public record Health(String status, String database, String version) {
    }

    @Inject
    SystemService system;

    /** 200 with {@code {"status":"UP",...}}, or 503 with {@code "DOWN"} when the database does not answer. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        boolean database = system.databaseAnswers();
        Health health = new Health(database ? "UP" : "DOWN", database ? "UP" : "DOWN", system.version());
        return Response.status(database ? 200 : 503).entity(health).build();
    }
}
