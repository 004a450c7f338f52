package dev.wharf.controlplane.infrastructure.dockerapi;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of the underlying stream (a {@code Content-Length} body). */
final class BoundedInputStream extends FilterInputStream implements DockerResponse.FramedBody {

    private long remaining;

    BoundedInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the host's answer ended " + remaining + " bytes short of its Content-Length");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(remaining, in.available());
    }

    @Override
    public boolean complete() {
        return remaining <= 0;
    }
}
