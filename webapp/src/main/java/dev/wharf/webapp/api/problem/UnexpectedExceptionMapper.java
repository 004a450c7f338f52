package dev.wharf.webapp.api.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unforeseen: logged in full with an incident id; the caller gets the id, never a stack trace. */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        if (isConcurrentChange(e)) {
            return Problem.of(Status.CONFLICT, "concurrent-change",
                    "the object was changed by another request meanwhile; read it again and retry").toResponse();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident, e);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "internal-error",
                "the server failed to handle the request; incident " + incident + " is in its log").toResponse();
    }

    /** An optimistic-lock failure (two writers of one row), however the container wrapped it. */
    public static boolean isConcurrentChange(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t.getClass().getName().equals("org.hibernate.StaleStateException")
                    || t.getClass().getName().equals("org.hibernate.StaleObjectStateException")) {
                return true;
            }
        }
        return false;
    }
}
