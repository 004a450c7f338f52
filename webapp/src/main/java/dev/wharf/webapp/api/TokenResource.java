package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AccountService;
import dev.wharf.controlplane.application.AccountService.IssuedApiToken;
import dev.wharf.controlplane.domain.account.ApiToken;
import dev.wharf.controlplane.domain.account.Role;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/**
 * Named API tokens for automation; each acts as the user who made it. Every role may manage its own; an admin
 * may list ({@code ?user=name} or {@code ?user=*}) and revoke anyone's. Send a token as
 * {@code Authorization: Bearer <token>} or {@code X-API-Key: <token>}.
 */
@Path("/v1/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed({Role.ADMIN, Role.OPERATOR, Role.VIEWER})
public class TokenResource {

    /** {@code {"name":"ci","expiresInDays":90}}; without expiresInDays the token does not expire. */
    public record NewToken(String name, Integer expiresInDays) {
    }

    /** A token as listed: never its value. */
    public record TokenView(String id, String name, String username, Instant createdAt, Instant expiresAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.username(), t.createdAt(), t.expiresAt());
        }
    }

    /** A token just made: the only answer that holds its value. */
    public record CreatedToken(String id, String name, String username, String token, Instant createdAt,
                               Instant expiresAt) {
    }

    @Inject
    AccountService accounts;

    @Inject
    RequestCaller requestCaller;

    @Context
    UriInfo uri;

    @POST
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewToken request) {
        NewToken r = request == null ? new NewToken(null, null) : request;
        IssuedApiToken issued = accounts.createApiToken(requestCaller.require(), r.name(), r.expiresInDays());
        ApiToken t = issued.token();
        return Response.created(uri.getAbsolutePathBuilder().path(t.id()).build())
                .entity(new CreatedToken(t.id(), t.name(), t.username(), issued.value(), t.createdAt(), t.expiresAt()))
                .build();
    }

    @GET
    public List<TokenView> list(@QueryParam("user") String user) {
        return accounts.listApiTokens(requestCaller.require(), user).stream().map(TokenView::of).toList();
    }

    /** Revokes a token at once; 204; 404 if it is not the caller's (unless the caller is an admin). */
    @DELETE
    @Path("/{token}")
    public Response revoke(@PathParam("token") String token) {
        accounts.revokeApiToken(requestCaller.require(), token);
        return Response.noContent().build();
    }
}
