package dev.wharf.daemon.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that sees every byte: single-byte reads and {@link #skip} go through {@link #read(byte[], int, int)},
 * the one method a subclass overrides. {@link FilterInputStream#skip} would hand the skip to the wrapped stream,
 * and the skipped bytes (which a tar reader skips over) would escape the hash or the copy.
 */
public abstract class ReadThroughInputStream extends FilterInputStream {
    protected ReadThroughInputStream(InputStream in) {
        super(in);
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
