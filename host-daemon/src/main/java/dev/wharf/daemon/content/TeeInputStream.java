package dev.wharf.daemon.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies everything read through it to {@code out} (which it does not close). */
public final class TeeInputStream extends ReadThroughInputStream {
    private final OutputStream out;

    public TeeInputStream(InputStream in, OutputStream out) {
        super(in);
        this.out = out;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            out.write(b, off, n);
        }
        return n;
    }
}
