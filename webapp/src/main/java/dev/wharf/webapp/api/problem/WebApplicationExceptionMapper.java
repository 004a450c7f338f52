package dev.wharf.webapp.api.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Jakarta REST's own errors (unknown path, wrong method, unsupported media type...) as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.getEntity() instanceof Problem) {
            return original; // already a problem (e.g. 413 from BodySizeLimit)
        }
        Response.StatusType status = original.getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not support that method";
            case 406 -> "cannot answer in any of the accepted media types";
            case 415 -> "unsupported content type; send application/json";
            default -> status.getReasonPhrase();
        };
        String kind = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        Problem problem = new Problem("urn:wharf:problem:" + kind, status.getReasonPhrase(), status.getStatusCode(),
                detail, java.util.List.of());
        Response.ResponseBuilder answer = Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE).entity(problem);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> answer.header(name, v)); // e.g. Allow on 405
            }
        });
        return answer.build();
    }
}
