package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.RegistryCredentialService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.registry.RegistryCredential;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.webapp.api.security.Allowed;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/**
 * Registry credentials used when hosts pull. The password is encrypted at rest and never returned. Listing
 * admits admin and operator; creating and deleting admin only.
 */
@Path("/v1/registries")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {

    /** {@code {"registry":"registry.example.com:5000","username":"ci","password":"..."}} */
    public record NewCredential(String registry, String username, String password) {
    }

    /** A credential as the API shows it: never the password. */
    public record CredentialView(String id, String registry, String username, Instant createdAt, String createdBy) {
        static CredentialView of(RegistryCredential c) {
            return new CredentialView(c.id(), c.registry(), c.username(), c.createdAt(), c.createdBy());
        }
    }

    @Inject
    RegistryCredentialService credentials;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    @POST
    @Creates
    @Allowed(Role.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewCredential request) {
        if (request == null) {
            throw InvalidInputException.of("body", "registry, username and password are required");
        }
        CredentialView view = CredentialView.of(credentials.create(request.registry(), request.username(),
                request.password(), requestCaller.require()));
        return Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build();
    }

    @GET
    @Allowed({Role.ADMIN, Role.OPERATOR})
    public List<CredentialView> list() {
        return credentials.list().stream().map(CredentialView::of).toList();
    }

    /** By id or registry host; 204. */
    @DELETE
    @Path("/{credential}")
    @Allowed(Role.ADMIN)
    public Response remove(@PathParam("credential") String credential) {
        credentials.remove(credential);
        return Response.noContent().build();
    }
}
