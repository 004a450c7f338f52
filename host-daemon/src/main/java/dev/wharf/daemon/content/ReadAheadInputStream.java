package dev.wharf.daemon.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the consumer, so that fetching and hashing a
 * blob and decompressing and unpacking it run on two cores at once. A failure of the source (with its own type,
 * e.g. a {@link DigestMismatchException}) is thrown to the consumer once it has read everything before it.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];
    private final ArrayBlockingQueue<byte[]> queue;
    private final Thread thread;
    private volatile boolean closed;
    private volatile IOException failure;
    private byte[] current;
    private int pos;
    private boolean ended;

    public ReadAheadInputStream(InputStream source, int chunk, int chunksAhead, String name) {
        this.queue = new ArrayBlockingQueue<>(chunksAhead);
        this.thread = new Thread(() -> pump(source, chunk), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream source, int chunk) {
        try {
            while (!closed) {
                byte[] b = new byte[chunk];
                int n = source.readNBytes(b, 0, chunk);
                if (n > 0) {
                    offer(n == chunk ? b : Arrays.copyOf(b, n));
                }
                if (n < chunk) {
                    break;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getMessage(), e);
        } finally {
            offer(END);
        }
    }

    private void offer(byte[] b) {
        try {
            while (!closed && !queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                // the consumer is busy; wait while it is still there
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        while (current == null || pos == current.length) {
            if (ended) {
                return endOfStream();
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            pos = 0;
            if (current == END) {
                ended = true;
                current = null;
                return endOfStream();
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private int endOfStream() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return -1;
    }

    /** Reads to the end, so that the source's checks (size, digest) have run. */
    public void drain() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // discard
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        thread.interrupt();
    }
}
