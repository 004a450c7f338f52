package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wharf.model.image.MediaTypes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-platform index: an OCI image index or a Docker manifest list (same shape).
 *
 * @param schemaVersion always 2
 * @param mediaType     {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST} (OCI allows
 *                      it absent)
 * @param manifests     the per-platform manifests (and possibly attestations or other artifacts)
 * @param annotations   arbitrary metadata; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations) {

    /** Copies the collections; a missing manifest list becomes empty. */
    public ImageIndex {
        manifests = manifests == null ? List.of() : Immutable.list(manifests);
        annotations = Immutable.map(annotations);
    }

    /**
     * The image manifest for {@code wanted}, as Docker picks it: entries whose media type is not an image
     * manifest (nested indexes, unknown types) or that carry no platform are skipped; os and architecture
     * must match; the variant must match if {@code wanted} names one. Among matches, one whose variant
     * equals the wanted (or default) variant wins; otherwise the first match in index order.
     */
    public Optional<Descriptor> select(Platform wanted) {
        Objects.requireNonNull(wanted, "platform");
        Descriptor firstMatch = null;
        for (Descriptor d : manifests) {
            if (!MediaTypes.isManifest(d.mediaType()) || d.platform() == null || !d.platform().matches(wanted)) {
                continue;
            }
            if (Objects.equals(d.platform().normalizedVariant(), wanted.normalizedVariant())) {
                return Optional.of(d);
            }
            if (firstMatch == null) {
                firstMatch = d;
            }
        }
        return Optional.ofNullable(firstMatch);
    }
}
