package dev.wharf.webapp.api.problem;

import dev.wharf.controlplane.application.scheduling.RetryOnConflictInterceptor;
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
        if (RetryOnConflictInterceptor.isLostUpdate(e)) {
            return Problem.of(Status.CONFLICT, "concurrent-change",
                    "the object was changed by another request meanwhile; read it again and retry").toResponse();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "incident " + incident, e);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "internal-error",
                "the server failed to handle the request; incident " + incident + " is in its log").toResponse();
    }

}
