package dev.wharf.model.oci;

import dev.wharf.model.image.Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed JSON document together with the exact bytes it was read from (or written as). Digests of
 * manifests and configs are computed over these bytes, never over a re-serialization.
 *
 * @param bytes the exact document bytes; copied on construction, do not modify the returned array
 * @param value the parsed document
 * @param <T>   the document type, e.g. {@link ImageManifest}
 */
public record RawDocument<T>(byte[] bytes, T value) {

    /** Copies the bytes so the document cannot change under its digest. */
    public RawDocument {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        Objects.requireNonNull(value, "value");
    }

    /** The sha256 digest of {@link #bytes()}. */
    public Digest digest() {
        return Digest.sha256(bytes);
    }

    /** The length of {@link #bytes()}. */
    public long size() {
        return bytes.length;
    }

    /** A descriptor of these bytes with the given media type. */
    public Descriptor descriptor(String mediaType) {
        return new Descriptor(mediaType, digest(), bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawDocument<?> other && Arrays.equals(bytes, other.bytes) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawDocument[" + value.getClass().getSimpleName() + ", " + bytes.length + " bytes, " + digest() + "]";
    }
}
