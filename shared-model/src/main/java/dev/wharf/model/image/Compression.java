package dev.wharf.model.image;

/** How a layer blob is compressed, as told by its media type. */
public enum Compression {
    /** A plain tar. */
    NONE,
    /** tar+gzip. */
    GZIP,
    /** tar+zstd. */
    ZSTD
}
