package dev.wharf.testsupport;

import java.util.List;

import dev.wharf.model.image.Digest;

/**
 * What a push left in a registry, with the values tests compare against.
 *
 * @param registry          {@code 127.0.0.1:PORT}
 * @param repository        e.g. {@code oci/busybox}
 * @param tag               e.g. {@code latest}
 * @param manifestMediaType the manifest's media type
 * @param manifestDigest    digest of the manifest bytes (what {@code RepoDigests} shows)
 * @param manifest          the manifest bytes as pushed
 * @param image             the image (config bytes and layers)
 */
public record PushedImage(String registry, String repository, String tag, String manifestMediaType,
                          Digest manifestDigest, byte[] manifest, TestImage image) {

    /** {@code registry/repository:tag}. */
    public String reference() {
        return registry + "/" + repository + ":" + tag;
    }

    /** {@code registry/repository@sha256:...}. */
    public String digestReference() {
        return registry + "/" + repository + "@" + manifestDigest;
    }

    /** The config digest = Docker's image ID. */
    public Digest configDigest() {
        return image.configDigest();
    }

    /** Same as {@link #configDigest()}. */
    public Digest imageId() {
        return image.configDigest();
    }

    public List<Digest> diffIds() {
        return image.diffIds();
    }

    public List<Digest> layerDigests() {
        return image.layerDigests();
    }
}
