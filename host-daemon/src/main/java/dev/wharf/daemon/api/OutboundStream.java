package dev.wharf.daemon.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written from a handler thread: HTTP chunks, or raw bytes after a hijack. Every write is
 * flushed (progress lines must reach the client at once); writers of bulk data wrap it in a buffer. A write
 * waits while the socket is not writable, so a slow client slows the producer instead of filling the heap.
 */
final class OutboundStream extends OutputStream {
    private final Channel channel;
    private final boolean raw;
    private final Runnable onClose;
    private volatile boolean closed;

    OutboundStream(Channel channel, boolean raw, Runnable onClose) {
        this.channel = channel;
        this.raw = raw;
        this.onClose = onClose;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("response stream is closed");
        }
        if (len == 0) {
            return;
        }
        awaitWritable();
        var buf = Unpooled.copiedBuffer(b, off, len);
        channel.writeAndFlush(raw ? buf : new DefaultHttpContent(buf));
    }

    private void awaitWritable() throws IOException {
        while (!channel.isWritable()) {
            if (!channel.isActive()) {
                throw new IOException("client closed the connection");
            }
            synchronized (this) {
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while writing", e);
                }
            }
        }
        if (!channel.isActive()) {
            throw new IOException("client closed the connection");
        }
    }

    synchronized void writabilityChanged() {
        notifyAll();
    }

    boolean isOpen() {
        return !closed && channel.isActive();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!raw && channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        onClose.run();
    }
}
