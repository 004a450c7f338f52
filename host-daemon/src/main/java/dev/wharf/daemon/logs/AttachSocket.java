package dev.wharf.daemon.logs;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A client of conmon's attach socket ({@code AF_UNIX}, {@code SOCK_SEQPACKET}, which Java's channels do not
 * offer, hence JNA). Each received message is one stream byte (2 = stdout, 3 = stderr) and the bytes; what is
 * sent goes to the container's stdin. Only live output flows; a read of 0 means the container exited.
 */
public final class AttachSocket implements AutoCloseable {
    public static final int CONMON_STDOUT = 2;
    public static final int CONMON_STDERR = 3;

    /** One message from conmon. */
    public record Message(int stream, byte[] data) {
    }

    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private AttachSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    public static AttachSocket connect(Path socket) throws IOException {
        byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= 108) {
            throw new IOException("attach socket path is too long for a unix socket: " + socket);
        }
        byte[] addr = new byte[2 + path.length + 1];
        addr[0] = (byte) LibC.AF_UNIX; // sa_family_t, little-endian
        System.arraycopy(path, 0, addr, 2, path.length);
        int fd;
        try {
            fd = LibC.INSTANCE.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("socket", e));
        }
        try {
            LibC.INSTANCE.connect(fd, addr, addr.length);
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            throw new IOException(Errno.describe("connect " + socket, e));
        }
        return new AttachSocket(fd, socket);
    }

    /**
     * Waits until conmon has accepted this connection, at most {@code timeoutMillis}. conmon sends output only to
     * clients it has accepted: a container started before that would write its first lines to the log alone, so
     * attaching before a start waits here (the accept is one turn of conmon's loop, longer only on a busy host).
     *
     * @return false when conmon did not accept in time (or the socket is gone); the attach still goes on
     */
    public boolean awaitAccepted(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            while (ListenerBacklog.pending(path) > 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(1);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // no socket file or no sock_diag: nothing to wait for
        }
    }

    /** Blocks for the next message; null at EOF (container gone, or {@link #close()}). */
    public Message receive() throws IOException {
        byte[] buf = new byte[64 * 1024 + 1];
        while (true) {
            long n;
            try {
                n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                if (closed) {
                    return null;
                }
                throw new IOException(Errno.describe("recv from conmon", e));
            }
            if (n <= 0) {
                return null;
            }
            return new Message(buf[0], Arrays.copyOfRange(buf, 1, (int) n));
        }
    }

    /** Sends bytes to the container's stdin. */
    public synchronized void send(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("attach socket is closed");
        }
        byte[] msg = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
        try {
            LibC.INSTANCE.send(fd, msg, msg.length, 0x4000 /* MSG_NOSIGNAL */);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("send to conmon", e));
        }
    }

    /** Closes the container's stdin (when conmon was started without --leave-stdin-open). */
    public synchronized void closeStdin() {
        if (closed) {
            return;
        }
        try {
            LibC.INSTANCE.shutdown(fd, LibC.SHUT_WR);
        } catch (LastErrorException ignored) {
            // already gone
        }
    }

    /** Wakes a blocked {@link #receive()} (it returns null); safe from any thread. */
    public synchronized void shutdown() {
        if (closed) {
            return; // the fd number may belong to something else by now
        }
        try {
            LibC.INSTANCE.shutdown(fd, LibC.SHUT_RDWR);
        } catch (LastErrorException ignored) {
            // not connected any more
        }
    }

    /** Releases the socket; call it from the thread that reads, once it stopped reading. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        shutdown();
        closed = true;
        LibC.INSTANCE.close(fd);
    }
}
