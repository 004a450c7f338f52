package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AccountService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.account.UserAccount;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.webapp.api.security.Allowed;
import dev.wharf.webapp.api.security.Creates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/** Users and their roles. Admin only. */
@Path("/v1/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class UserResource {

    /** {@code {"username":"ops1","password":"at least 12 characters","role":"operator"}} */
    public record NewUser(String username, String password, String role) {
    }

    /** A user as the API shows it (never the password hash). */
    public record UserView(String username, String role, Instant createdAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.username(), u.role().apiName(), u.createdAt());
        }
    }

    @Inject
    AccountService accounts;

    @Context
    UriInfo uri;

    /** Every user, by name. */
    @GET
    public List<UserView> list() {
        return accounts.listUsers().stream().map(UserView::of).toList();
    }

    /** Creates a user; 201, 400 naming bad fields, 409 if the name is taken. */
    @POST
    @Creates
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewUser request) {
        if (request == null) {
            throw InvalidInputException.of("body", "username, password and role are required");
        }
        Role role = request.role() == null ? null : Role.fromApiName(request.role())
                .orElseThrow(() -> InvalidInputException.of("role", "must be admin, operator or viewer"));
        UserAccount user = accounts.createUser(request.username(), request.password(), role);
        return Response.created(uri.getAbsolutePathBuilder().path(user.username()).build())
                .entity(UserView.of(user)).build();
    }
}
