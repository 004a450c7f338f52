package dev.wharf.daemon.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one rtnetlink request: the 16-byte {@code nlmsghdr}, a family header ({@code ifinfomsg},
 * {@code ifaddrmsg}, {@code rtmsg}) and 4-byte aligned attributes, which may nest.
 */
public final class NetlinkMessage {
    // nlmsghdr flags
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    private NetlinkMessage(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) (flags | NLM_F_REQUEST)).putInt(0).putInt(0);
    }

    public static NetlinkMessage request(int type, int flags) {
        return new NetlinkMessage(type, flags);
    }

    /** struct ifinfomsg. */
    public NetlinkMessage ifinfo(int family, int index, int flags, int change) {
        ensure(16);
        buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** struct ifaddrmsg. */
    public NetlinkMessage ifaddr(int family, int prefixLen, int scope, int index) {
        ensure(8);
        buf.put((byte) family).put((byte) prefixLen).put((byte) 0).put((byte) scope).putInt(index);
        return this;
    }

    /** struct rtmsg. */
    public NetlinkMessage rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        ensure(12);
        buf.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(0);
        return this;
    }

    /** A family header given as bytes (e.g. {@code struct ndmsg}); a multiple of 4 bytes. */
    public NetlinkMessage raw(byte[] header) {
        ensure(header.length);
        buf.put(header);
        return this;
    }

    public NetlinkMessage attr(int type, byte[] value) {
        int len = 4 + value.length;
        ensure(align(len));
        buf.putShort((short) len).putShort((short) type).put(value);
        pad();
        return this;
    }

    public NetlinkMessage attr(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    public NetlinkMessage attrInt(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** Opens a nested attribute; close it with {@link #end()}. */
    public NetlinkMessage begin(int type) {
        ensure(4);
        nests.push(buf.position());
        buf.putShort((short) 0).putShort((short) type);
        return this;
    }

    public NetlinkMessage end() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** The finished message with its length and sequence number filled in. */
    public byte[] bytes(int seq) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(0, buf.position());
        buf.putInt(8, seq);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.nativeOrder());
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
    }
}
