package dev.wharf.controlplane.infrastructure.dockerapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Docker's output streams of logs, attach and exec. Multiplexed (no TTY): each frame is an 8-byte header
 * {@code [stream: 1 byte (0 stdin, 1 stdout, 2 stderr)][0 0 0][size: 4 bytes BE]} and the payload. Raw (TTY):
 * everything is stdout.
 */
public final class StdStreamReader {

    /** A piece of output. */
    public record Frame(Kind stream, byte[] data) {
    }

    public enum Kind { STDIN, STDOUT, STDERR }

    private static final int MAX_FRAME = 16 << 20;

    private final InputStream in;
    private final boolean multiplexed;

    public StdStreamReader(InputStream in, boolean multiplexed) {
        this.in = in;
        this.multiplexed = multiplexed;
    }

    /** Chooses the framing from the answer's Content-Type (raw for {@code vnd.docker.raw-stream}). */
    public static StdStreamReader of(DockerResponse response) {
        return new StdStreamReader(response.body(), !response.contentType().contains("raw-stream"));
    }

    /** The next frame, or null at the end of the stream. */
    public Frame next() throws IOException {
        if (!multiplexed) {
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            if (n < 0) {
                return null;
            }
            byte[] data = new byte[n];
            System.arraycopy(buf, 0, data, 0, n);
            return new Frame(Kind.STDOUT, data);
        }
        byte[] header = in.readNBytes(8);
        if (header.length == 0) {
            return null;
        }
        if (header.length < 8) {
            throw new EOFException("the host's output stream ended inside a frame header");
        }
        Kind kind = switch (header[0]) {
            case 0 -> Kind.STDIN;
            case 1 -> Kind.STDOUT;
            case 2 -> Kind.STDERR;
            default -> throw new IOException("bad stream type " + header[0] + " in the host's output stream");
        };
        long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        if (size > MAX_FRAME) {
            throw new IOException("a frame of " + size + " bytes in the host's output stream is too large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("the host's output stream ended inside a frame");
        }
        return new Frame(kind, data);
    }
}
