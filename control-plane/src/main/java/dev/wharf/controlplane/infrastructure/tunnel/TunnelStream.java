package dev.wharf.controlplane.infrastructure.tunnel;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a daemon's Docker API through its tunnel: {@link #out()} carries bytes to the daemon's
 * socket, {@link #in()} the bytes it answers. Closing {@code out} half-closes (EOF); {@link #close()} ends the
 * stream, resetting it if either direction is still open.
 *
 * <p>Inbound data is queued; a consumer that stops reading for {@link #STALL_LIMIT} gets its stream reset
 * rather than holding up the tunnel's other streams forever.
 */
public final class TunnelStream implements Closeable {

    /** How long a full inbound queue may block the tunnel's reader before the stream is reset. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);
    private static final Object END = new Object();
    private static final int QUEUE_CHUNKS = 256;

    private final HostTunnel tunnel;
    private final int id;
    private final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>(QUEUE_CHUNKS);
    private final InputStream in = new Inbound();
    private final OutputStream out = new Outbound();
    private volatile Duration readTimeout = Duration.ofSeconds(60);
    private volatile boolean remoteDone;
    private volatile boolean localDone;
    private volatile boolean reset;
    private volatile boolean finished;

    TunnelStream(HostTunnel tunnel, int id) {
        this.tunnel = tunnel;
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** Bytes from the daemon's Docker API; -1 at its EOF; an IOException naming the reason if reset. */
    public InputStream in() {
        return in;
    }

    /** Bytes to the daemon's Docker API, sent as DATA messages of at most 64 KiB; close() sends EOF. */
    public OutputStream out() {
        return out;
    }

    /** How long a read may wait for data; null or zero waits for ever (followed logs). */
    public void readTimeout(Duration timeout) {
        this.readTimeout = timeout;
    }

    /** Aborts the stream in both directions. */
    public void reset(String reason) {
        if (reset) {
            return;
        }
        reset = true;
        tunnel.forget(id);
        tunnel.sendQuietly(new TunnelFrame(id, TunnelFrame.RESET, bytes(reason)));
        inbound.clear();
        inbound.offer(new IOException("stream reset: " + reason));
    }

    @Override
    public void close() {
        if (!reset && !(remoteDone && localDone)) {
            reset("closed by the control plane");
        }
        tunnel.forget(id);
    }

    /**
     * Ends a stream whose answer was read completely: no reset is needed, the daemon's own EOF (which may still
     * be on its way) ends it, and anything else it sends is dropped.
     */
    public void finish() {
        if (remoteDone || reset) {
            tunnel.forget(id);
            return;
        }
        finished = true;
        inbound.clear();
    }

    void deliver(byte[] data) {
        if (reset || finished || data.length == 0) {
            return;
        }
        try {
            if (!inbound.offer(data, STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                reset("the control plane stopped reading this stream");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void remoteEof() {
        remoteDone = true;
        if (finished) {
            tunnel.forget(id);
            return;
        }
        enqueueEnd(END);
    }

    void remoteReset(String reason) {
        remoteDone = true;
        reset = true;
        enqueueEnd(new IOException("the daemon reset the stream: " + reason));
    }

    private void enqueueEnd(Object marker) {
        // an end marker must never be lost: make room by dropping data the reader will not get to anyway
        while (!inbound.offer(marker)) {
            inbound.poll();
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private final class Inbound extends InputStream {
        private byte[] current = new byte[0];
        private int pos;
        private Object terminal;

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
            while (pos >= current.length) {
                if (terminal != null) {
                    return finish();
                }
                Object next = take();
                if (next instanceof byte[] chunk) {
                    current = chunk;
                    pos = 0;
                } else {
                    terminal = next;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }

        private int finish() throws IOException {
            if (terminal instanceof IOException e) {
                throw new IOException(e.getMessage(), e);
            }
            return -1;
        }

        private Object take() throws IOException {
            Duration timeout = readTimeout;
            try {
                if (timeout == null || timeout.isZero()) {
                    return inbound.take();
                }
                Object next = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    throw new SocketTimeoutException("no answer from the host's Docker API within "
                            + timeout.toSeconds() + " s");
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading from the host");
            }
        }
    }

    private final class Outbound extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (reset) {
                throw new IOException("the stream was reset");
            }
            if (localDone) {
                throw new IOException("the stream's output is closed");
            }
            for (int at = off; at < off + len; at += TunnelFrame.MAX_PAYLOAD) {
                int n = Math.min(TunnelFrame.MAX_PAYLOAD, off + len - at);
                tunnel.send(new TunnelFrame(id, TunnelFrame.DATA, Arrays.copyOfRange(b, at, at + n)));
            }
        }

        @Override
        public void close() throws IOException {
            if (localDone || reset) {
                return;
            }
            localDone = true;
            tunnel.send(new TunnelFrame(id, TunnelFrame.EOF, null));
        }
    }
}
