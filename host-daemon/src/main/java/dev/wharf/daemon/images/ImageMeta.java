package dev.wharf.daemon.images;

import dev.wharf.model.image.Digest;
import java.time.Instant;
import java.util.List;

/**
 * What the store keeps about an image besides its config and names ({@code images/meta/<hex>.json}).
 *
 * @param id       the image ID (config digest)
 * @param layers   the layers and their blobs, lowest first
 * @param stored   when the image arrived here
 * @param size     bytes of the unpacked layers
 * @param manifest digest of a manifest in the content store that lists exactly these blobs (pushed verbatim), or null
 * @param hidden   true once force-removed while a container still used it: kept for that container only
 */
public record ImageMeta(Digest id, List<LayerRef> layers, Instant stored, long size, Digest manifest, boolean hidden) {

    public ImageMeta {
        layers = List.copyOf(layers);
    }

    public ImageMeta withHidden(boolean h) {
        return new ImageMeta(id, layers, stored, size, manifest, h);
    }

    public ImageMeta withLayers(List<LayerRef> l, Digest m) {
        return new ImageMeta(id, l, stored, size, m, hidden);
    }
}
