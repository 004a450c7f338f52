package dev.wharf.daemon.network.netlink;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A netlink socket ({@code NETLINK_ROUTE} unless told otherwise). A netlink socket belongs to the network
 * namespace of the thread that opened it for its whole life, so a socket opened inside a container's namespace
 * configures that namespace from any thread (see {@code NetnsThread}). Requests are serialized per socket.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    /** The protocol of {@code sock_diag} (socket listings, as {@code ss} uses). */
    public static final int NETLINK_SOCK_DIAG = 4;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;

    private final int fd;
    private final byte[] rx = new byte[65536];
    private int seq = (int) (System.nanoTime() & 0xffff);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens an rtnetlink socket in the calling thread's network namespace. */
    public static NetlinkSocket open() {
        return open(NETLINK_ROUTE);
    }

    /** Opens a socket of the netlink {@code protocol} in the calling thread's network namespace. */
    public static NetlinkSocket open(int protocol) {
        int fd;
        try {
            fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new NetlinkException("netlink socket", e.getErrorCode());
        }
        byte[] sa = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK).array();
        try {
            LibC.INSTANCE.bind(fd, sa, sa.length);
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            throw new NetlinkException("netlink bind", e.getErrorCode());
        }
        return new NetlinkSocket(fd);
    }

    /** Sends a request that wants an ACK and throws the kernel's errno, if any. */
    public void execute(String what, NetlinkMessage m) {
        request(what, m, null);
    }

    /**
     * Sends a request with {@code NLM_F_ACK}; answers before the ACK (e.g. the link of a {@code RTM_GETLINK})
     * go to {@code each} positioned at their family header.
     */
    public synchronized void request(String what, NetlinkMessage m, Consumer<ByteBuffer> each) {
        exchange(what, m, each, false);
    }

    /**
     * Sends a dump request and hands every answer's payload (after the 16-byte header, positioned at the
     * family header) to {@code each}.
     */
    public synchronized void dump(String what, NetlinkMessage m, Consumer<ByteBuffer> each) {
        exchange(what, m, each, true);
    }

    /**
     * Sends {@code m} and reads the answers to its sequence number until {@code NLMSG_ERROR} (an ACK when its
     * errno is 0) or, for a dump, {@code NLMSG_DONE}; messages of other sequences (late answers) are skipped.
     */
    private void exchange(String what, NetlinkMessage m, Consumer<ByteBuffer> each, boolean untilDone) {
        int s = ++seq;
        send(what, m.bytes(s));
        while (true) {
            int n = receive(what);
            ByteBuffer b = ByteBuffer.wrap(rx, 0, n).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                int start = b.position();
                int len = b.getInt(start);
                int type = b.getShort(start + 4) & 0xffff;
                int mseq = b.getInt(start + 8);
                if (len < 16) {
                    break;
                }
                if (mseq == s) {
                    if (untilDone && type == NLMSG_DONE) {
                        return;
                    }
                    if (type == NLMSG_ERROR) {
                        int err = b.getInt(start + 16);
                        if (err != 0) {
                            throw new NetlinkException(what, -err);
                        }
                        return;
                    }
                    if (each != null) {
                        each.accept(ByteBuffer.wrap(rx, start + 16, len - 16).slice().order(ByteOrder.nativeOrder()));
                    }
                }
                b.position(Math.min(b.limit(), start + NetlinkMessage.align(len)));
            }
        }
    }

    /** Attributes of one dump answer from {@code offset} on: type → value, last one wins. */
    public static List<Attr> attrs(ByteBuffer payload, int offset) {
        List<Attr> out = new ArrayList<>();
        int p = offset;
        while (p + 4 <= payload.limit()) {
            int len = payload.getShort(p) & 0xffff;
            int type = payload.getShort(p + 2) & 0x3fff;
            if (len < 4 || p + len > payload.limit()) {
                break;
            }
            byte[] v = new byte[len - 4];
            payload.get(p + 4, v);
            out.add(new Attr(type, v));
            p += NetlinkMessage.align(len);
        }
        return out;
    }

    /** One netlink attribute. */
    public record Attr(int type, byte[] value) {
        public String string() {
            int n = 0;
            while (n < value.length && value[n] != 0) {
                n++;
            }
            return new String(value, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }

        public int int32() {
            return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
        }
    }

    private void send(String what, byte[] bytes) {
        try {
            LibC.INSTANCE.send(fd, bytes, bytes.length, 0);
        } catch (LastErrorException e) {
            throw new NetlinkException(what + " (send)", e.getErrorCode());
        }
    }

    private int receive(String what) {
        while (true) {
            try {
                return (int) LibC.INSTANCE.recv(fd, rx, rx.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4) { // EINTR
                    throw new NetlinkException(what + " (recv)", e.getErrorCode());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
        }
    }
}
