package dev.wharf.webapp.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wharf.controlplane.domain.shared.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error answer in the RFC 9457 shape ({@code application/problem+json}), with an {@code errors} list that
 * names each field at fault.
 *
 * @param type   a URI naming the kind of problem, {@code urn:wharf:problem:<kind>}
 * @param title  short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this case
 * @param errors the fields at fault; omitted when none
 * @param host   the host at fault (e.g. not connected); omitted when none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, String host) {

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Problem of(Response.Status status, String kind, String detail) {
        return new Problem("urn:wharf:problem:" + kind, status.getReasonPhrase(), status.getStatusCode(), detail,
                List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors), host);
    }

    public Problem withHost(String hostName) {
        return new Problem(type, title, status, detail, errors, hostName);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
