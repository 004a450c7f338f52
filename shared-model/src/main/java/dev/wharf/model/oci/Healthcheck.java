package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The image config's {@code Healthcheck} (Docker's names; durations in nanoseconds, 0 or null = inherit).
 *
 * @param test        {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", command]}
 * @param interval    time between checks, ns
 * @param timeout     time a check may take, ns
 * @param startPeriod grace period after start, ns
 * @param retries     failures in a row before "unhealthy"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Healthcheck(
        @JsonProperty("Test") List<String> test,
        @JsonProperty("Interval") Long interval,
        @JsonProperty("Timeout") Long timeout,
        @JsonProperty("StartPeriod") Long startPeriod,
        @JsonProperty("Retries") Integer retries) {

    /** Copies the test command. */
    public Healthcheck {
        test = Immutable.list(test);
    }
}
