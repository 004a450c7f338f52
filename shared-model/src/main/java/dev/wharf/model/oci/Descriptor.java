package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.wharf.model.image.Digest;
import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a blob or manifest is, its digest and its size.
 *
 * @param mediaType   the media type of the referenced content; required
 * @param digest      the digest of the referenced content; required
 * @param size        the size in bytes of the referenced content; required, not negative
 * @param urls        where else the content may be fetched from; usually null
 * @param annotations arbitrary metadata; may be null
 * @param platform    in an index, the platform of the referenced manifest; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> urls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        Platform platform) {

    /** Checks the required fields and copies the collections. */
    public Descriptor {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor has no mediaType");
        }
        if (digest == null) {
            throw new IllegalArgumentException("descriptor has no digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor of " + digest + " has a negative size: " + size);
        }
        urls = Immutable.list(urls);
        annotations = Immutable.map(annotations);
    }

    /** A descriptor with only the three required fields. */
    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }

    /** The annotation's value, or null. */
    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }

    /** This descriptor with another platform. */
    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform);
    }
}
