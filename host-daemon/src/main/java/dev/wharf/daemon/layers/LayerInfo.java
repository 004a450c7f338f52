package dev.wharf.daemon.layers;

import dev.wharf.model.image.Digest;

/**
 * One unpacked layer of the store.
 *
 * @param chainId  the store key: the ChainID of this layer and those below it
 * @param diffId   sha256 of the uncompressed layer tar
 * @param parent   ChainID of the layer below, or null for a base layer
 * @param size     bytes of regular files in the layer (what {@code docker images} adds up)
 * @param tarSize  bytes of the uncompressed tar (what {@code docker save} writes)
 */
public record LayerInfo(Digest chainId, Digest diffId, Digest parent, long size, long tarSize) {
}
