package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.application.JoinTokenService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.webapp.api.security.Allowed;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The hosts that joined the cluster. Reads admit every role; label, cordon, uncordon and drain admit admin and
 * operator; removing a host and join tokens are admin only.
 */
@Path("/v1/hosts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    /** A join token as listed: never its value, which is shown only when it is issued. */
    public record JoinTokenView(String id, Instant createdAt) {
    }

    @Inject
    HostService hosts;

    @Inject
    JoinTokenService joinTokens;

    /** Every host, by name. */
    @GET
    public List<HostView> list() {
        return hosts.list().stream().map(this::view).toList();
    }

    /** One host, by id or name; 404 if there is none. */
    @GET
    @Path("/{host}")
    public HostView get(@PathParam("host") String host) {
        return view(hosts.get(host));
    }

    /** Replaces the host's labels with the JSON object sent, e.g. {@code {"zone":"a","disk":"ssd"}}. */
    @PUT
    @Path("/{host}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    public HostView label(@PathParam("host") String host, Map<String, String> labels) {
        return view(hosts.label(host, labels));
    }

    /** No new containers are placed on the host. */
    @POST
    @Path("/{host}/cordon")
    public HostView cordon(@PathParam("host") String host) {
        return view(hosts.cordon(host));
    }

    /** Placement allowed again; ends a drain. */
    @POST
    @Path("/{host}/uncordon")
    public HostView uncordon(@PathParam("host") String host) {
        return view(hosts.uncordon(host));
    }

    /** Cordons the host and marks its containers pending re-placement on another ready host. */
    @POST
    @Path("/{host}/drain")
    public HostView drain(@PathParam("host") String host) {
        return view(hosts.drain(host));
    }

    /** Forgets the host (its credential stops working); 409 while containers are placed on it. */
    @DELETE
    @Path("/{host}")
    @Allowed(Role.ADMIN)
    public Response remove(@PathParam("host") String host) {
        hosts.remove(host);
        return Response.noContent().build();
    }

    /** The join tokens in force (ids and ages only). */
    @GET
    @Path("/join-tokens")
    @Allowed(Role.ADMIN)
    public List<JoinTokenView> joinTokens() {
        return joinTokens.list().stream().map(t -> new JoinTokenView(t.id(), t.createdAt())).toList();
    }

    /**
     * Issues a new join token and retires the old ones: {@code {"id":...,"token":...,"createdAt":...}}. The token
     * is shown only here. Hosts that already joined are not affected.
     */
    @POST
    @Path("/join-tokens/rotate")
    @Allowed(Role.ADMIN)
    public JoinTokenService.Issued rotate() {
        return joinTokens.rotate();
    }

    private HostView view(HostSummary summary) {
        return HostView.of(summary, hosts.isConnected(summary.host()));
    }
}
