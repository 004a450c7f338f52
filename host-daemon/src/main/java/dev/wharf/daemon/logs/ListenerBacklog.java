package dev.wharf.daemon.logs;

import dev.wharf.daemon.network.netlink.NetlinkMessage;
import dev.wharf.daemon.network.netlink.NetlinkSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The connections still waiting to be accepted on a listening unix socket, read with {@code sock_diag}
 * ({@code UNIX_DIAG}) as {@code ss -xl} shows them. The listener is found by its socket file's inode.
 */
final class ListenerBacklog {
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int AF_UNIX = 1;
    private static final int TCP_LISTEN = 10;
    private static final int UDIAG_SHOW_VFS = 0x2;
    private static final int UDIAG_SHOW_RQLEN = 0x10;
    private static final int UNIX_DIAG_VFS = 1;
    private static final int UNIX_DIAG_RQLEN = 4;
    private static final int UNIX_DIAG_MSG_SIZE = 16;

    private ListenerBacklog() {
    }

    /** The pending connections of the listener bound at {@code socket}; -1 when no listener has that file. */
    static int pending(Path socket) throws IOException {
        long inode = ((Number) Files.getAttribute(socket, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        // struct unix_diag_req: family, protocol, pad, states, ino, show, cookie[2]
        byte[] req = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder())
                .put((byte) AF_UNIX).put((byte) 0).putShort((short) 0)
                .putInt(1 << TCP_LISTEN).putInt(0).putInt(UDIAG_SHOW_VFS | UDIAG_SHOW_RQLEN).putLong(0).array();
        int[] found = {-1};
        try (NetlinkSocket diag = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG)) {
            diag.dump("list listening unix sockets",
                    NetlinkMessage.request(SOCK_DIAG_BY_FAMILY, NetlinkMessage.NLM_F_DUMP).raw(req), answer -> {
                        long vfsInode = -1;
                        int queued = -1;
                        for (NetlinkSocket.Attr a : NetlinkSocket.attrs(answer, UNIX_DIAG_MSG_SIZE)) {
                            ByteBuffer v = ByteBuffer.wrap(a.value()).order(ByteOrder.nativeOrder());
                            if (a.type() == UNIX_DIAG_VFS && a.value().length >= 8) {
                                vfsInode = Integer.toUnsignedLong(v.getInt(0));
                            } else if (a.type() == UNIX_DIAG_RQLEN && a.value().length >= 8) {
                                queued = v.getInt(0);
                            }
                        }
                        if (vfsInode == (inode & 0xffffffffL) && queued >= 0) {
                            found[0] = queued;
                        }
                    });
        }
        return found[0];
    }
}
