package dev.wharf.webapp.api.problem;

import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.DomainException;
import dev.wharf.controlplane.domain.shared.ForbiddenException;
import dev.wharf.controlplane.domain.shared.HostApiException;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
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
        if (e instanceof ForbiddenException) {
            return Problem.of(Status.FORBIDDEN, "forbidden", e.getMessage()).toResponse();
        }
        if (e instanceof HostUnavailableException unavailable) {
            return Response.fromResponse(Problem.of(Status.SERVICE_UNAVAILABLE, "host-unavailable", e.getMessage())
                    .withHost(unavailable.host()).toResponse()).header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        if (e instanceof HostApiException host) {
            // the daemon's client errors are the caller's; its server errors are a bad gateway for us
            int status = host.status() >= 400 && host.status() < 500 ? host.status() : 502;
            Status s = Status.fromStatusCode(status);
            return new Problem("urn:wharf:problem:host-" + (status == 502 ? "error" : "refused"),
                    s == null ? "Host error" : s.getReasonPhrase(), status, e.getMessage(), java.util.List.of(), null)
                    .toResponse();
        }
        return Problem.of(Status.BAD_REQUEST, "bad-request", e.getMessage()).toResponse();
    }
}
