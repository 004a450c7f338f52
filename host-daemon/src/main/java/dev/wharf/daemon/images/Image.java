package dev.wharf.daemon.images;

import dev.wharf.model.image.Digest;
import dev.wharf.model.oci.ImageConfig;
import java.time.Instant;
import java.util.List;

/**
 * A local image, as {@code docker image inspect} describes it.
 *
 * @param id          the image ID: the digest of its config
 * @param config      the image config
 * @param diffIds     the layers' DiffIDs, lowest first
 * @param repoTags    familiar {@code name:tag} references, e.g. {@code busybox:latest}
 * @param repoDigests familiar {@code name@sha256:...} references of the manifests it was pulled or pushed as
 * @param created     the config's {@code created}, or when it was stored if the config has none
 * @param size        bytes of the unpacked layers
 */
public record Image(Digest id, ImageConfig config, List<Digest> diffIds, List<String> repoTags, List<String> repoDigests,
                    Instant created, long size) {

    public Image {
        diffIds = List.copyOf(diffIds);
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    /** The 12-hex short ID docker shows. */
    public String shortId() {
        return id.shortHex();
    }
}
