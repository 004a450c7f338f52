package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AccountService;
import dev.wharf.controlplane.application.AccountService.IssuedToken;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.webapp.api.security.Public;
import dev.wharf.webapp.api.security.RequestCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** Exchanges a username and password for a bearer token. */
@Path("/v1/auth")
@RequestScoped
public class AuthResource {

    /** {@code {"username":"admin","password":"..."}} */
    public record LoginRequest(String username, String password) {
    }

    /** {@code {"token":"...","expiresAt":"2026-11-23T04:00:00Z"}}; send it as {@code Authorization: Bearer <token>}. */
    public record LoginResponse(String token, Instant expiresAt) {
    }

    @Inject
    AccountService accounts;

    @Inject
    RequestCaller requestCaller;

    /** 200 with a token, 401 for a wrong username or password (which of them is not said). */
    @POST
    @Path("/login")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public LoginResponse login(LoginRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "username and password are required");
        }
        requestCaller.actor(request.username() == null ? "anonymous" : request.username());
        IssuedToken issued = accounts.login(request.username(), request.password());
        return new LoginResponse(issued.token(), issued.expiresAt());
    }
}
