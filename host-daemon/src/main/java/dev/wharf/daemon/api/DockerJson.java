package dev.wharf.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper of the Docker API: unknown fields are ignored, as newer clients send fields we do not know. */
public final class DockerJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private DockerJson() {
    }

    /** A one-line description of a JSON error, without Jackson's source dump. */
    static String describe(Exception e) {
        if (e instanceof JsonProcessingException j) {
            String m = j.getOriginalMessage();
            var loc = j.getLocation();
            return loc == null ? m : m + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return e.getMessage();
    }
}
