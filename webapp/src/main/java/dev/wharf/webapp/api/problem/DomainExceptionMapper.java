package dev.wharf.webapp.api.problem;

import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.DomainException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns the services' expected failures into problem+json answers. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {

    @Override
    public Response toResponse(DomainException e) {
        if (e instanceof InvalidInputException invalid) {
            return Problem.of(Status.BAD_REQUEST, "invalid-input", e.getMessage())
                    .withErrors(invalid.errors()).toResponse();
        }
        if (e instanceof NotFoundException) {
            return Problem.of(Status.NOT_FOUND, "not-found", e.getMessage()).toResponse();
        }
        if (e instanceof ConflictException conflict) {
            return Problem.of(Status.CONFLICT, "conflict", e.getMessage()).withErrors(conflict.errors()).toResponse();
        }
        if (e instanceof AuthenticationException) {
            return Response.fromResponse(Problem.of(Status.UNAUTHORIZED, "unauthorized", e.getMessage()).toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wharf\"").build();
        }
        return Problem.of(Status.BAD_REQUEST, "bad-request", e.getMessage()).toResponse();
    }
}
