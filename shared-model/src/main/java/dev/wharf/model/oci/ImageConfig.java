package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An image config (OCI {@code application/vnd.oci.image.config.v1+json} or Docker
 * {@code application/vnd.docker.container.image.v1+json}). Its digest is the image ID, so keep it in a
 * {@link RawDocument}.
 *
 * @param created      when the image was created; may be null
 * @param author       who made it; may be null
 * @param architecture CPU architecture, e.g. {@code amd64}
 * @param os           operating system, e.g. {@code linux}
 * @param variant      CPU variant; may be null
 * @param config       the defaults a container of this image runs with (JSON {@code config})
 * @param rootfs       the layers' DiffIDs
 * @param history      one entry per build step, base first; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        Instant created,
        String author,
        String architecture,
        String os,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<History> history) {

    /** Copies the history list. */
    public ImageConfig {
        history = Immutable.list(history);
    }

    /** The platform this image was built for. */
    public Platform platform() {
        return Platform.of(os, architecture, variant);
    }
}
