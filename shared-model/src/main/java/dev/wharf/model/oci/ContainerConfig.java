package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The {@code config} object of an image config: the defaults for containers of the image, with Docker's
 * capitalised JSON names. Empty lists and maps are not written (as the OCI spec's omitempty).
 *
 * @param user         {@code USER}, e.g. {@code 1000:1000}
 * @param exposedPorts {@code EXPOSE}d ports as keys ({@code "80/tcp"}), values are empty objects
 * @param env          {@code NAME=value} entries
 * @param entrypoint   {@code ENTRYPOINT}
 * @param cmd          {@code CMD}
 * @param volumes      {@code VOLUME} paths as keys, values are empty objects
 * @param workingDir   {@code WORKDIR}
 * @param labels       {@code LABEL}s
 * @param stopSignal   {@code STOPSIGNAL}, e.g. {@code SIGTERM}
 * @param argsEscaped  Windows-only quirk, kept for round trips
 * @param healthcheck  {@code HEALTHCHECK}
 * @param onBuild      {@code ONBUILD} triggers
 * @param shell        {@code SHELL}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> exposedPorts,
        @JsonProperty("Env") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> env,
        @JsonProperty("Entrypoint") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> entrypoint,
        @JsonProperty("Cmd") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> cmd,
        @JsonProperty("Volumes") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("OnBuild") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> onBuild,
        @JsonProperty("Shell") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> shell) {

    /** A config with nothing set. */
    public static final ContainerConfig EMPTY =
            new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Copies the collections. */
    public ContainerConfig {
        exposedPorts = Immutable.map(exposedPorts);
        env = Immutable.list(env);
        entrypoint = Immutable.list(entrypoint);
        cmd = Immutable.list(cmd);
        volumes = Immutable.map(volumes);
        labels = Immutable.map(labels);
        onBuild = Immutable.list(onBuild);
        shell = Immutable.list(shell);
    }
}
