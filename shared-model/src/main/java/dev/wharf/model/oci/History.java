package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One build step in an image config's {@code history} (what {@code docker history} lists).
 *
 * @param created    when the step ran; may be null
 * @param createdBy  JSON {@code created_by}: the command, e.g. {@code /bin/sh -c #(nop) CMD ["sh"]}
 * @param author     who made it; may be null
 * @param comment    a comment; may be null
 * @param emptyLayer JSON {@code empty_layer}: true if the step made no layer (then it has no DiffID)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"created", "author", "created_by", "comment", "empty_layer"})
public record History(
        Instant created,
        @JsonProperty("created_by") String createdBy,
        String author,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    /** True if this step made a layer, i.e. it has a DiffID in {@code rootfs.diff_ids}. */
    public boolean madeLayer() {
        return !Boolean.TRUE.equals(emptyLayer);
    }
}
