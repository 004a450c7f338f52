package dev.wharf.webapp.api.security;

import dev.wharf.controlplane.application.AccountService;
import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.webapp.api.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Enforces authentication and roles on every API endpoint: a valid {@code Authorization: Bearer} token (or the
 * same token as {@code X-API-Key}) is
 * required unless the endpoint is {@link Public}, and the caller's role must be {@link Allowed}. Runs after
 * matching, so an unknown path is a plain 404.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {

    /** The header automation may send its token in instead of {@code Authorization: Bearer}. */
    public static final String API_KEY = "X-API-Key";

    private static final Role[] READERS = {Role.ADMIN, Role.OPERATOR, Role.VIEWER};
    private static final Role[] WRITERS = {Role.ADMIN, Role.OPERATOR};

    @Context
    ResourceInfo resource;

    @Inject
    AccountService accounts;

    @Inject
    RequestCaller requestCaller;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || annotation(Public.class, method) != null) {
            return;
        }
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            String apiKey = request.getHeaderString(API_KEY);
            token = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        }
        Caller caller = token == null ? null : accounts.resolveToken(token).orElse(null);
        if (caller == null) {
            request.abortWith(Response.fromResponse(Problem.of(Status.UNAUTHORIZED, "unauthorized",
                            token == null ? "this endpoint needs an 'Authorization: Bearer <token>' or 'X-API-Key: <token>' header"
                                    : "the bearer token is not valid or has expired").toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wharf\"").build());
            return;
        }
        requestCaller.authenticated(caller);
        Allowed allowed = annotation(Allowed.class, method);
        Role[] roles = allowed != null ? allowed.value() : isRead(request.getMethod()) ? READERS : WRITERS;
        if (!caller.hasAnyRole(roles)) {
            request.abortWith(Problem.of(Status.FORBIDDEN, "forbidden", "role '" + caller.role().apiName()
                    + "' may not do this; it needs " + Arrays.stream(roles).map(Role::apiName)
                    .collect(Collectors.joining(" or "))).toResponse());
        }
    }

    static boolean isRead(String httpMethod) {
        return httpMethod.equals("GET") || httpMethod.equals("HEAD") || httpMethod.equals("OPTIONS");
    }

    static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private <A extends java.lang.annotation.Annotation> A annotation(Class<A> type, Method method) {
        A onMethod = method.getAnnotation(type);
        if (onMethod != null) {
            return onMethod;
        }
        AnnotatedElement clazz = resource.getResourceClass();
        return clazz == null ? null : clazz.getAnnotation(type);
    }
}
