package dev.wharf.daemon.images;

import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;

/**
 * What a pull produced.
 *
 * @param image          the pulled image, tagged
 * @param reference      the reference that was pulled (with its default tag)
 * @param manifestDigest the digest of what was pulled: the index for a multi-platform image (what {@code RepoDigests} holds)
 * @param downloaded     false if the image was already complete locally ("Image is up to date")
 */
public record PullResult(Image image, ImageReference reference, Digest manifestDigest, boolean downloaded) {
}
