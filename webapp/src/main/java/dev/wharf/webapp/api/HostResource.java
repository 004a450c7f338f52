package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.HostService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The hosts that joined the cluster. Readable by every role. */
@Path("/v1/hosts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    @Inject
    HostService hosts;

    /** Every host, by name. */
    @GET
    public List<HostView> list() {
        return hosts.list().stream().map(HostView::of).toList();
    }

    /** One host, by id or name; 404 if there is none. */
    @GET
    @Path("/{host}")
    public HostView get(@PathParam("host") String host) {
        return HostView.of(hosts.get(host));
    }
}
