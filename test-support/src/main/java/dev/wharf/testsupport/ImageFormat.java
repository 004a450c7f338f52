package dev.wharf.testsupport;

import dev.wharf.model.image.MediaTypes;

/** The two manifest dialects a registry serves, with the media types each uses. */
public enum ImageFormat {
    /** Docker image manifest v2 schema 2 (and the Docker manifest list). */
    DOCKER(MediaTypes.DOCKER_MANIFEST_V2, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP,
            MediaTypes.DOCKER_MANIFEST_LIST),
    /** OCI image manifest (and the OCI image index). */
    OCI(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_INDEX);

    private final String manifestType;
    private final String configType;
    private final String layerType;
    private final String indexType;

    ImageFormat(String manifestType, String configType, String layerType, String indexType) {
        this.manifestType = manifestType;
        this.configType = configType;
        this.layerType = layerType;
        this.indexType = indexType;
    }

    public String manifestType() {
        return manifestType;
    }

    public String configType() {
        return configType;
    }

    /** The tar+gzip layer media type. */
    public String layerType() {
        return layerType;
    }

    /** The multi-platform type: Docker manifest list or OCI index. */
    public String indexType() {
        return indexType;
    }
}
