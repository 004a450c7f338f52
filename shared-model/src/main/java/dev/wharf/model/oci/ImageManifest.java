package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wharf.model.image.MediaTypes;
import java.util.List;
import java.util.Map;

/**
 * A single-platform image manifest: Docker image manifest v2 schema 2 or OCI image manifest (same shape).
 * Keep it in a {@link RawDocument} when its digest matters: re-serializing does not give back the same bytes.
 *
 * @param schemaVersion always 2
 * @param mediaType     {@link MediaTypes#DOCKER_MANIFEST_V2} or {@link MediaTypes#OCI_MANIFEST} (OCI
 *                      allows it absent)
 * @param artifactType  OCI 1.1 artifact type; null for images
 * @param config        the image config blob
 * @param layers        the layer blobs, base layer first
 * @param annotations   arbitrary metadata; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    /** Requires a config and copies the collections; a missing layer list becomes empty. */
    public ImageManifest {
        if (schemaVersion == 1) {
            throw new IllegalArgumentException("Docker schema 1 manifests are not supported (deprecated since 2017)");
        }
        if (config == null) {
            throw new IllegalArgumentException("manifest has no config descriptor");
        }
        layers = layers == null ? List.of() : Immutable.list(layers);
        annotations = Immutable.map(annotations);
    }

    /** A schema-2 manifest of the given media type with no annotations. */
    public static ImageManifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, mediaType, null, config, layers, null);
    }

    /** The sum of the layer sizes, in bytes (compressed, as stored in the registry). */
    @JsonIgnore
    public long layersSize() {
        return layers.stream().mapToLong(Descriptor::size).sum();
    }
}
