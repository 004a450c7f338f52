package dev.wharf.daemon.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One entry of {@code GET /events}, in the Docker Engine API's shape. */
public record Event(
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    }

    public static Event of(String type, String action, String id, Map<String, String> attributes) {
        long nanos = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L;
        return new Event(type, action, new Actor(id, Map.copyOf(attributes)), "local", nanos / 1_000_000_000L, nanos);
    }
}
