package dev.wharf.daemon.images;

import dev.wharf.model.image.Digest;

/**
 * One layer of a stored image and the blob that carries it, for push and save.
 *
 * @param diffId    sha256 of the uncompressed tar
 * @param blob      digest of the blob in the content store (compressed as pulled, or the plain tar), or null
 * @param mediaType the blob's media type
 * @param blobSize  the blob's size
 */
public record LayerRef(Digest diffId, Digest blob, String mediaType, long blobSize) {
}
