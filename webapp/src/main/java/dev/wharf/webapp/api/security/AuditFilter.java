package dev.wharf.webapp.api.security;

import dev.wharf.controlplane.application.AuditService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes every mutating API call to the audit log, refused and failed ones included: who, what, on which
 * object, the resulting status, and from which address.
 */
@Provider
@Priority(Priorities.USER)
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    AuditService audit;

    @Inject
    RequestCaller requestCaller;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (BearerAuthenticationFilter.isRead(request.getMethod())) {
            return;
        }
        Method method = resource.getResourceMethod();
        if (method != null && (method.isAnnotationPresent(NotAudited.class)
                || resource.getResourceClass().isAnnotationPresent(NotAudited.class))) {
            return;
        }
        String path = "/" + request.getUriInfo().getPath();
        String target = response.getLocation() != null ? response.getLocation().getPath() : "/api" + path;
        try {
            audit.record(requestCaller.actor(), request.getMethod() + " /api" + path, target,
                    response.getStatus(), servletRequest.getRemoteAddr());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not write audit event for " + request.getMethod() + " " + path, e);
        }
    }
}
