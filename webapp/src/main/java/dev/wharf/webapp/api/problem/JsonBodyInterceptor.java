package dev.wharf.webapp.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A request body that is not JSON, or JSON of the wrong shape, becomes a 400 problem naming the field.
 * Done here rather than in an exception mapper because Jersey's Jackson feature brings its own mappers for
 * these exceptions, which answer in plain text with Jackson's internals.
 */
@Provider
public class JsonBodyInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (BodySizeLimit.TooLarge e) {
            throw new WebApplicationException(BodySizeLimit.tooLarge());
        } catch (JsonMappingException e) {
            if (tooLarge(e)) {
                throw new WebApplicationException(BodySizeLimit.tooLarge());
            }
            if (e.getPath().isEmpty()) {
                throw InvalidInputException.of("body", "is not a JSON object of the expected shape");
            }
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidInputException(List.of(new FieldError(field, "has the wrong type or format")));
        } catch (JsonProcessingException e) {
            if (tooLarge(e)) {
                throw new WebApplicationException(BodySizeLimit.tooLarge());
            }
            throw InvalidInputException.of("body", "is not valid JSON");
        }
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.TooLarge) {
                return true;
            }
        }
        return false;
    }
}
