package dev.wharf.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import dev.wharf.model.image.Digest;

/**
 * A built layer: the uncompressed tar, its gzip form, and their digests.
 *
 * @param tar    the uncompressed tar
 * @param gzip   the tar+gzip blob, as pushed to registries
 * @param diffId sha256 of {@code tar} (what the image config lists in {@code rootfs.diff_ids})
 * @param digest sha256 of {@code gzip} (what the manifest lists)
 */
public record Layer(byte[] tar, byte[] gzip, Digest diffId, Digest digest) {

    /** Gzips {@code tar} (deterministically: no name, mtime 0) and digests both forms. */
    public static Layer of(byte[] tar) {
        byte[] gz = gzip(tar);
        return new Layer(tar, gz, Digest.sha256(tar), Digest.sha256(gz));
    }

    /** Size of the compressed blob, as the manifest descriptor states it. */
    public long size() {
        return gzip.length;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        // Level 1: large incompressible fixture layers compress in well under a second; the output is still
        // plain gzip and always identical for the same input.
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Layer[diffId=" + diffId + ", digest=" + digest + ", tar=" + tar.length + " B, gzip=" + gzip.length + " B]";
    }
}
