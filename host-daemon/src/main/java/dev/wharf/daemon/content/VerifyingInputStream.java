package dev.wharf.daemon.content;

import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes and counts what is read through it and checks both at end of stream: more bytes than the descriptor's
 * size fail at once, fewer or a different sha256 fail at EOF. Size is checked before the digest, as the OCI
 * descriptor spec asks. A null expected digest only computes it (for DiffIDs of uncompressed streams).
 */
public class VerifyingInputStream extends ReadThroughInputStream {
    private final Sha256 sha = Sha256.create();
    private final Digest expected;
    private final long expectedSize;
    private final String what;
    private long count;
    private Digest actual;

    /**
     * @param expectedSize -1 if unknown
     * @param expected     null to only compute the digest
     * @param what         names the content in error messages, e.g. "layer sha256:ab12..."
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        sha.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new DigestMismatchException(expected, what + " is larger than the " + expectedSize
                    + " bytes its descriptor states");
        }
        return n;
    }

    /** Reads what is left, so that the check covers the whole content. */
    public void drain() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
    }

    private void finish() throws IOException {
        if (actual != null) {
            return;
        }
        actual = sha.digest();
        if (expectedSize >= 0 && count != expectedSize) {
            throw new DigestMismatchException(expected, what + " has " + count + " bytes, its descriptor states "
                    + expectedSize);
        }
        if (expected != null && !expected.equals(actual)) {
            throw new DigestMismatchException(expected, "digest mismatch: " + what + " should have digest " + expected
                    + " but its content hashes to " + actual);
        }
    }

    /** The digest of everything read; only valid once EOF was reached. */
    public Digest digest() {
        if (actual == null) {
            throw new IllegalStateException("stream not read to the end");
        }
        return actual;
    }

    public long count() {
        return count;
    }
}
