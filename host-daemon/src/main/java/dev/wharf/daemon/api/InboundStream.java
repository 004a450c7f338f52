package dev.wharf.daemon.api;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Bytes arriving on a connection (a request body, or a hijacked stdin) handed from Netty's event loop to the
 * blocking handler thread. Reading pauses the socket when more than {@link #HIGH_WATER} bytes wait, so a large
 * {@code docker load} is streamed, not buffered.
 */
final class InboundStream extends InputStream {
    private static final int HIGH_WATER = 1 << 20;

    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Consumer<Boolean> autoRead;
    private long queued;
    private boolean ended;
    private boolean closed;
    private boolean paused;

    InboundStream(Consumer<Boolean> autoRead) {
        this.autoRead = autoRead;
    }

    /** Called on the event loop; takes ownership of {@code buf}. */
    synchronized void offer(ByteBuf buf) {
        if (closed || ended || !buf.isReadable()) {
            buf.release();
            return;
        }
        queue.add(buf);
        queued += buf.readableBytes();
        if (queued > HIGH_WATER && !paused) {
            paused = true;
            autoRead.accept(false);
        }
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (queue.isEmpty()) {
            if (ended || closed) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading request body", e);
            }
        }
        ByteBuf head = queue.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        queued -= n;
        if (!head.isReadable()) {
            queue.poll().release();
        }
        if (paused && queued < HIGH_WATER / 4) {
            paused = false;
            autoRead.accept(true);
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.forEach(ByteBuf::release);
        queue.clear();
        queued = 0;
        if (paused) {
            paused = false;
            autoRead.accept(true);
        }
        notifyAll();
    }
}
