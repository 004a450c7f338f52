package dev.wharf.controlplane.infrastructure.dockerapi;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The body of a {@code Transfer-Encoding: chunked} response, de-chunked; trailers are skipped. */
final class ChunkedInputStream extends FilterInputStream implements DockerResponse.FramedBody {

    private long remaining;
    private boolean done;
    private boolean afterChunk;

    ChunkedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            nextChunk();
            if (done) {
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the host's chunked answer ended inside a chunk");
        }
        remaining -= n;
        // the CRLF after the chunk data is read with the next chunk's size, so a followed stream's data is
        // handed out as soon as it arrives
        afterChunk = remaining == 0;
        return n;
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : (int) Math.min(remaining, in.available());
    }

    private void nextChunk() throws IOException {
        if (afterChunk) {
            HttpResponseReader.line(in);
            afterChunk = false;
        }
        String sizeLine = HttpResponseReader.line(in);
        if (sizeLine == null) {
            throw new EOFException("the host's chunked answer ended without its last chunk");
        }
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
        try {
            remaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size '" + hex + "' from the host");
        }
        if (remaining < 0) {
            throw new IOException("negative chunk size from the host");
        }
        if (remaining == 0) {
            done = true;
            for (String trailer = HttpResponseReader.line(in); trailer != null && !trailer.isEmpty();
                 trailer = HttpResponseReader.line(in)) {
                // trailers carry nothing we use
            }
        }
    }

    @Override
    public boolean complete() {
        return done;
    }
}
