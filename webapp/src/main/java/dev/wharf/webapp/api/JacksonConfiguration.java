package dev.wharf.webapp.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The API's JSON: instants as ISO-8601 strings, and unknown fields ignored so that a newer daemon or client
 * can talk to an older control plane.
 */
@Provider
public class JacksonConfiguration implements ContextResolver<ObjectMapper> {

    /** The one mapper of the API, also for code that writes JSON outside Jersey (stored idempotent answers). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ObjectMapper mapper = MAPPER;

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
