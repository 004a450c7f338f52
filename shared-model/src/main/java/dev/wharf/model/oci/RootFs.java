package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wharf.model.image.Digest;
import java.util.List;

/**
 * The image config's {@code rootfs}: the DiffIDs (digests of the uncompressed layer tars), base first.
 *
 * @param type    always {@code layers}
 * @param diffIds JSON {@code diff_ids}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {

    /** The only rootfs type the specs define. */
    public static final String LAYERS = "layers";

    /** Copies the DiffIDs; a missing list becomes empty. */
    public RootFs {
        diffIds = diffIds == null ? List.of() : Immutable.list(diffIds);
    }

    /** A {@code layers} rootfs. */
    public static RootFs layers(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds);
    }
}
