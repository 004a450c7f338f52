package dev.wharf.daemon.network.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rtnetlink operations Wharf needs — bridges, veth pairs, addresses, routes — on one
 * {@link NetlinkSocket}, i.e. in that socket's network namespace. Messages follow
 * {@code include/uapi/linux/rtnetlink.h} and {@code if_link.h}.
 */
public final class Rtnl implements AutoCloseable {
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int IFF_UP = 1;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_TABLE = 15;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RTN_UNICAST = 1;
    static final int EEXIST = 17;
    static final int ENODEV = 19;

    private final NetlinkSocket socket;

    public Rtnl(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** A socket in the calling thread's namespace (for the daemon's own threads: the host's). */
    public static Rtnl open() {
        return new Rtnl(NetlinkSocket.open());
    }

    /** Creates a bridge; returns false when a link of that name already exists (it is then left as is). */
    public boolean createBridge(String name, int mtu) {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .ifinfo(AF_UNSPEC, 0, 0, 0)
                .attr(IFLA_IFNAME, name)
                .attrInt(IFLA_MTU, mtu)
                .begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "bridge").end();
        try {
            socket.execute("create bridge " + name, m);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Creates a veth pair in one request: {@code hostName} here, up and enslaved to {@code masterIndex} (0 =
     * none), and its peer created directly inside the namespace {@code peerNsFd} under its final name
     * ({@code eth0}) with the given MAC and MTU — no move and no rename afterwards.
     */
    public void createVeth(String hostName, int masterIndex, int mtu, String peerName, byte[] peerMac, int peerNsFd) {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attr(IFLA_IFNAME, hostName)
                .attrInt(IFLA_MTU, mtu);
        if (masterIndex > 0) {
            m.attrInt(IFLA_MASTER, masterIndex);
        }
        m.begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "veth").begin(IFLA_INFO_DATA).begin(VETH_INFO_PEER)
                .ifinfo(AF_UNSPEC, 0, 0, 0)
                .attr(IFLA_IFNAME, peerName)
                .attrInt(IFLA_MTU, mtu);
        if (peerMac != null) {
            m.attr(IFLA_ADDRESS, peerMac);
        }
        m.attrInt(IFLA_NET_NS_FD, peerNsFd).end().end().end();
        socket.execute("create veth " + hostName, m);
    }

    /** Brings a link up. */
    public void up(int index) {
        socket.execute("set link " + index + " up", NetlinkMessage.request(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK)
                .ifinfo(AF_UNSPEC, index, IFF_UP, IFF_UP));
    }

    /** Deletes a link (a veth takes its peer with it); false when there was none. */
    public boolean delete(String name) {
        try {
            socket.execute("delete link " + name, NetlinkMessage.request(RTM_DELLINK, NetlinkMessage.NLM_F_ACK)
                    .ifinfo(AF_UNSPEC, 0, 0, 0).attr(IFLA_IFNAME, name));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** The index of a link in this namespace, or 0 when there is none. */
    public int index(String name) {
        int[] found = {0};
        try {
            socket.request("get link " + name, NetlinkMessage.request(RTM_GETLINK, NetlinkMessage.NLM_F_ACK)
                    .ifinfo(AF_UNSPEC, 0, 0, 0).attr(IFLA_IFNAME, name), b -> found[0] = b.getInt(4));
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return 0;
            }
            throw e;
        }
        return found[0];
    }

    /** Adds an IPv4 address; an address already there is accepted (re-adoption after a restart). */
    public void addAddress(int index, Inet4Address address, int prefixLen) {
        byte[] a = address.getAddress();
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWADDR, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .ifaddr(AF_INET, prefixLen, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, a).attr(IFA_ADDRESS, a);
        if (prefixLen < 31) {
            m.attr(IFA_BROADCAST, broadcast(a, prefixLen));
        }
        try {
            socket.execute("add address " + address.getHostAddress() + "/" + prefixLen, m);
        } catch (NetlinkException e) {
            if (e.errno() != EEXIST) {
                throw e;
            }
        }
    }

    /** Adds a route to {@code dst/dstLen} (0.0.0.0/0 = default) via {@code gateway} (or on-link when null). */
    public void addRoute(Inet4Address dst, int dstLen, Inet4Address gateway, int oif) {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWROUTE, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .rtmsg(AF_INET, dstLen, RT_TABLE_MAIN, RTPROT_BOOT, gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE, RTN_UNICAST);
        if (dstLen > 0) {
            m.attr(RTA_DST, dst.getAddress());
        }
        if (gateway != null) {
            m.attr(RTA_GATEWAY, gateway.getAddress());
        }
        m.attrInt(RTA_OIF, oif);
        socket.execute("add route " + dst.getHostAddress() + "/" + dstLen, m);
    }

    /** Deletes a route to {@code dst/dstLen} in the main table; false when there was none. */
    public boolean deleteRoute(Inet4Address dst, int dstLen) {
        NetlinkMessage m = NetlinkMessage.request(RTM_DELROUTE, NetlinkMessage.NLM_F_ACK)
                .rtmsg(AF_INET, dstLen, RT_TABLE_MAIN, 0, 0, 0);
        if (dstLen > 0) {
            m.attr(RTA_DST, dst.getAddress());
        }
        try {
            socket.execute("delete route " + dst.getHostAddress() + "/" + dstLen, m);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == 3) { // ESRCH
                return false;
            }
            throw e;
        }
    }

    /** A route of the IPv4 main table. */
    public record Route(Inet4Address dst, int dstLen, Inet4Address gateway, int oif) {
    }

    /** The IPv4 routes of the main table (what {@code ip route} shows). */
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        socket.dump("list routes", NetlinkMessage.request(RTM_GETROUTE, NetlinkMessage.NLM_F_DUMP)
                .rtmsg(AF_INET, 0, 0, 0, 0, 0), b -> {
                    int family = b.get(0) & 0xff;
                    int dstLen = b.get(1) & 0xff;
                    int table = b.get(4) & 0xff;
                    Inet4Address dst = v4(new byte[4]);
                    Inet4Address gw = null;
                    int oif = 0;
                    for (NetlinkSocket.Attr a : NetlinkSocket.attrs(b, 12)) {
                        switch (a.type()) {
                            case RTA_DST -> dst = v4(a.value());
                            case RTA_GATEWAY -> gw = v4(a.value());
                            case RTA_OIF -> oif = a.int32();
                            case RTA_TABLE -> table = a.int32();
                            default -> { }
                        }
                    }
                    if (family == AF_INET && table == RT_TABLE_MAIN) {
                        out.add(new Route(dst, dstLen, gw, oif));
                    }
                });
        return out;
    }

    /** A link: its name, index and master (0 = none). */
    public record Link(String name, int index, int master) {
    }

    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        socket.dump("list links", NetlinkMessage.request(RTM_GETLINK, NetlinkMessage.NLM_F_DUMP).ifinfo(AF_UNSPEC, 0, 0, 0), b -> {
            int index = b.getInt(4);
            String name = null;
            int master = 0;
            for (NetlinkSocket.Attr a : NetlinkSocket.attrs(b, 16)) {
                if (a.type() == IFLA_IFNAME) {
                    name = a.string();
                } else if (a.type() == IFLA_MASTER) {
                    master = a.int32();
                }
            }
            out.add(new Link(name, index, master));
        });
        return out;
    }

    private static byte[] broadcast(byte[] a, int prefixLen) {
        int v = ByteBuffer.wrap(a).getInt() | (int) (0xffffffffL >>> prefixLen);
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static Inet4Address v4(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
