package dev.wharf.daemon.logs;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream for non-TTY attach, logs and exec: each chunk is prefixed with 8 bytes,
 * {@code [stream, 0, 0, 0, size (big-endian uint32)]}, stream 0 = stdin, 1 = stdout, 2 = stderr.
 * With a TTY the bytes go raw ({@link #raw}).
 */
public final class StdFrames {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private final OutputStream out;
    private final boolean multiplexed;

    private StdFrames(OutputStream out, boolean multiplexed) {
        this.out = out;
        this.multiplexed = multiplexed;
    }

    public static StdFrames multiplexed(OutputStream out) {
        return new StdFrames(out, true);
    }

    public static StdFrames raw(OutputStream out) {
        return new StdFrames(out, false);
    }

    public synchronized void write(int stream, byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (!multiplexed) {
            out.write(b, off, len);
            return;
        }
        byte[] frame = new byte[8 + len];
        frame[0] = (byte) stream;
        frame[4] = (byte) (len >>> 24);
        frame[5] = (byte) (len >>> 16);
        frame[6] = (byte) (len >>> 8);
        frame[7] = (byte) len;
        System.arraycopy(b, off, frame, 8, len);
        out.write(frame); // one write = one flush: a frame never straddles two
    }

    public void write(int stream, byte[] b) throws IOException {
        write(stream, b, 0, b.length);
    }
}
