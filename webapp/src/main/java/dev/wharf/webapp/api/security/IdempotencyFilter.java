package dev.wharf.webapp.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wharf.controlplane.application.IdempotencyService;
import dev.wharf.controlplane.application.IdempotencyService.Replay;
import dev.wharf.controlplane.domain.shared.DomainException;
import dev.wharf.webapp.api.JacksonConfiguration;
import dev.wharf.webapp.api.problem.DomainExceptionMapper;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Idempotency keys on every {@link Creates} endpoint: the first call with a key claims it; a retry after it
 * succeeded gets the stored answer with status 200 and {@code Idempotent-Replayed: true}; a retry while the first
 * runs, or the key reused for another request, is a 409; a failed call frees the key.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final String CLAIMED = IdempotencyFilter.class.getName() + ".claimed";

    @Context
    ResourceInfo resource;

    @Inject
    IdempotencyService idempotency;

    @Inject
    RequestCaller requestCaller;

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(HEADER);
        Method method = resource.getResourceMethod();
        if (key == null || method == null || !method.isAnnotationPresent(Creates.class)
                || requestCaller.caller().isEmpty()) {
            return;
        }
        String username = requestCaller.require().username();
        String call = request.getMethod() + " /api/" + request.getUriInfo().getPath();
        try {
            Optional<Replay> replay;
            try {
                replay = idempotency.claim(username, key, call);
            } catch (DomainException e) {
                throw e;
            } catch (RuntimeException lostRace) {
                replay = Optional.of(idempotency.existing(username, key, call));
            }
            if (replay.isEmpty()) {
                request.setProperty(CLAIMED, new String[] {username, key});
                return;
            }
            Replay r = replay.get();
            Response.ResponseBuilder answer = Response.ok(r.body(), MediaType.APPLICATION_JSON_TYPE)
                    .header("Idempotent-Replayed", "true");
            if (r.location() != null) {
                answer.header("Location", r.location());
            }
            request.abortWith(answer.build());
        } catch (DomainException e) {
            request.abortWith(new DomainExceptionMapper().toResponse(e));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIMED) instanceof String[] claimed)) {
            return;
        }
        String username = claimed[0];
        String key = claimed[1];
        if (response.getStatus() >= 200 && response.getStatus() < 300) {
            String body;
            try {
                body = response.getEntity() == null ? null : JacksonConfiguration.MAPPER.writeValueAsString(response.getEntity());
            } catch (JsonProcessingException e) {
                idempotency.release(username, key);
                return;
            }
            idempotency.complete(username, key, response.getStatus(),
                    response.getLocation() == null ? null : response.getLocation().toString(), body);
        } else {
            idempotency.release(username, key);
        }
    }
}
