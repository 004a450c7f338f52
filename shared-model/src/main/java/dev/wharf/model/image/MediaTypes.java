package dev.wharf.model.image;

import java.util.Locale;
import java.util.Set;

/**
 * The media types of Docker image manifest v2 schema 2 and of the OCI image spec, and helpers to classify
 * them. Helpers ignore media-type parameters ({@code ; charset=...}) and case.
 */
public final class MediaTypes {

    /** Docker image manifest, v2 schema 2. */
    public static final String DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    /** Docker manifest list (the multi-platform index). */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** Docker image config. */
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** Docker layer, tar+gzip; interchangeable with {@link #OCI_LAYER_GZIP}. */
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** Docker "foreign" layer (may only be fetched from its URLs), tar+gzip. */
    public static final String DOCKER_LAYER_FOREIGN_GZIP =
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** Docker uncompressed layer, as containerd and some builders write it. */
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";

    /** OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** OCI image index. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** OCI image config. */
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    /** OCI layer, plain tar. */
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    /** OCI layer, tar+gzip. */
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** OCI layer, tar+zstd. */
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** OCI non-distributable layer, plain tar (deprecated by the spec, still seen). */
    public static final String OCI_LAYER_NONDIST_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    /** OCI non-distributable layer, tar+gzip. */
    public static final String OCI_LAYER_NONDIST_GZIP =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    /** OCI non-distributable layer, tar+zstd. */
    public static final String OCI_LAYER_NONDIST_ZSTD =
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    /** The OCI empty descriptor's blob, {@code {}}. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    /** The {@code Accept} header value for a manifest GET: every manifest and index type Wharf reads. */
    public static final String MANIFEST_ACCEPT = String.join(", ",
            OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST_V2);

    private static final Set<String> GZIP_LAYERS =
            Set.of(DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP, OCI_LAYER_GZIP, OCI_LAYER_NONDIST_GZIP);
    private static final Set<String> ZSTD_LAYERS = Set.of(OCI_LAYER_ZSTD, OCI_LAYER_NONDIST_ZSTD);
    private static final Set<String> TAR_LAYERS = Set.of(DOCKER_LAYER_TAR, OCI_LAYER_TAR, OCI_LAYER_NONDIST_TAR);

    private MediaTypes() {
    }

    /** True for a single-platform image manifest (Docker schema 2 or OCI). */
    public static boolean isManifest(String mediaType) {
        String base = base(mediaType);
        return DOCKER_MANIFEST_V2.equals(base) || OCI_MANIFEST.equals(base);
    }

    /** True for a multi-platform index (Docker manifest list or OCI index). */
    public static boolean isIndex(String mediaType) {
        String base = base(mediaType);
        return DOCKER_MANIFEST_LIST.equals(base) || OCI_INDEX.equals(base);
    }

    /** True for an image config (Docker or OCI). */
    public static boolean isConfig(String mediaType) {
        String base = base(mediaType);
        return DOCKER_CONFIG.equals(base) || OCI_CONFIG.equals(base);
    }

    /** True for a layer media type Wharf can unpack (tar, tar+gzip, tar+zstd; Docker or OCI). */
    public static boolean isLayer(String mediaType) {
        String base = base(mediaType);
        return GZIP_LAYERS.contains(base) || ZSTD_LAYERS.contains(base) || TAR_LAYERS.contains(base);
    }

    /**
     * The compression of a layer.
     *
     * @throws IllegalArgumentException if {@code mediaType} is not a layer type ({@link #isLayer})
     */
    public static Compression compressionOf(String mediaType) {
        String base = base(mediaType);
        if (GZIP_LAYERS.contains(base)) {
            return Compression.GZIP;
        }
        if (ZSTD_LAYERS.contains(base)) {
            return Compression.ZSTD;
        }
        if (TAR_LAYERS.contains(base)) {
            return Compression.NONE;
        }
        throw new IllegalArgumentException("not a layer media type: \"" + mediaType + "\"");
    }

    /** The media type without parameters, trimmed and lowercased; "" for null. */
    public static String base(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semicolon = mediaType.indexOf(';');
        String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
