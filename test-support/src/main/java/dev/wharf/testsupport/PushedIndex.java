package dev.wharf.testsupport;

import java.util.List;

import dev.wharf.model.image.Digest;

/**
 * A multi-platform index (OCI index or Docker manifest list) pushed under a tag, and its per-platform images
 * (pushed by digest in the same repository).
 *
 * @param registry  {@code 127.0.0.1:PORT}
 * @param repository e.g. {@code multiarch/busybox}
 * @param tag       e.g. {@code latest}
 * @param mediaType the index media type
 * @param digest    digest of the index bytes
 * @param index     the index bytes as pushed
 * @param platforms one entry per platform, in index order
 */
public record PushedIndex(String registry, String repository, String tag, String mediaType, Digest digest,
                          byte[] index, List<Platformed> platforms) {

    /** One index entry: its platform and the image pushed for it. */
    public record Platformed(PlatformImage platform, PushedImage image) {
    }

    public String reference() {
        return registry + "/" + repository + ":" + tag;
    }

    /** The image pushed for {@code architecture} (e.g. {@code amd64}). */
    public PushedImage forArchitecture(String architecture) {
        return platforms.stream().filter(p -> p.platform().architecture().equals(architecture))
                .map(Platformed::image).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + architecture + " entry in " + reference()));
    }
}
