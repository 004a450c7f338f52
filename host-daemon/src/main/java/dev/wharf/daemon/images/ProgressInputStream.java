package dev.wharf.daemon.images;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports "Downloading" progress (current/total) for the bytes read through it, at most every 100 ms. */
final class ProgressInputStream extends FilterInputStream {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private final long total;
    private final ProgressListener listener;
    private final String id;
    private long count;
    private long lastReport;

    ProgressInputStream(InputStream in, long total, ProgressListener listener, String id, long alreadyHad) {
        super(in);
        this.total = total;
        this.listener = listener;
        this.id = id;
        if (alreadyHad > 0) {
            listener.progress(Progress.of(id, "Resuming download at " + alreadyHad + " bytes"));
        }
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        int n = read(b, 0, 1);
        return n < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            long now = System.nanoTime();
            if (now - lastReport > INTERVAL_NANOS || count == total) {
                lastReport = now;
                listener.progress(new Progress(id, "Downloading", count, total));
            }
        }
        return n;
    }
}
