package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.NetworkService;
import dev.wharf.controlplane.domain.network.HostSubnet;
import dev.wharf.controlplane.domain.network.Network;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.webapp.api.security.RequestCaller;
import dev.wharf.webapp.api.security.Creates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * Cluster networks with IPv4 pools. Each pool is split into one subnet per host ({@code hostPrefix}, /24 by
 * default); every host that joins gets its subnet in every network.
 */
@Path("/v1/networks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {

    /**
     * {@code {"name":"apps","cidr":"10.88.0.0/16","hostPrefix":24,"mode":"routed"}}; hostPrefix is optional,
     * mode is {@code routed} (default) or {@code vxlan} (with an optional {@code vni}).
     */
    public record NewNetwork(String name, String cidr, Integer hostPrefix, String mode, Integer vni) {
    }

    /** A host's part of the pool; the gateway is the host bridge's address. */
    public record SubnetView(String hostId, String cidr, String gateway) {
    }

    /** A network as the API shows it. */
    public record NetworkView(String id, String name, String cidr, int hostPrefix, List<SubnetView> subnets,
                              Instant createdAt, String createdBy, String mode, Integer vni) {

        static NetworkView of(Network n) {
            List<SubnetView> subnets = n.subnets().stream()
                    .map((HostSubnet s) -> new SubnetView(s.hostId(), s.cidr(), s.gateway())).toList();
            return new NetworkView(n.id(), n.name(), n.pool().toString(), n.hostPrefix(), subnets, n.createdAt(),
                    n.createdBy(), n.mode(), n.vni());
        }
    }

    @Inject
    NetworkService networks;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    /** Creates a network; 201; 400 for a bad CIDR or prefix; 409 for a taken name or an overlapping pool. */
    @POST
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewNetwork request) {
        if (request == null) {
            throw InvalidInputException.of("body", "name and cidr are required");
        }
        NetworkView created = NetworkView.of(networks.create(request.name(), request.cidr(), request.hostPrefix(),
                request.mode(), request.vni(), requestCaller.require()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    /** Every network, by name. */
    @GET
    public List<NetworkView> list() {
        return networks.list().stream().map(NetworkView::of).toList();
    }

    /** One network by id or name, with its host subnets; 404 if there is none. */
    @GET
    @Path("/{network}")
    public NetworkView get(@PathParam("network") String network) {
        return NetworkView.of(networks.get(network));
    }

    /** Deletes a network and its subnets; 204. */
    @DELETE
    @Path("/{network}")
    public Response remove(@PathParam("network") String network) {
        networks.remove(network);
        return Response.noContent().build();
    }
}
