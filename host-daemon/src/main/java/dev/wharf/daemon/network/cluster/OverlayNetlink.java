package dev.wharf.daemon.network.cluster;

import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.netlink.NetlinkException;
import dev.wharf.daemon.network.netlink.NetlinkMessage;
import dev.wharf.daemon.network.netlink.NetlinkSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rtnetlink work of cluster networks, in the daemon's (the host's) namespace: routes to other hosts'
 * subnets, marked with Wharf's own route protocol number so they can be listed and removed without touching
 * anyone else's; VXLAN devices; and the bridge FDB entries that send flooded frames to each peer.
 */
final class OverlayNetlink implements AutoCloseable {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_DELROUTE = 25;
    private static final int RTM_GETROUTE = 26;
    private static final int RTM_NEWNEIGH = 28;
    private static final int RTM_DELNEIGH = 29;
    private static final int AF_INET = 2;
    private static final int AF_BRIDGE = 7;
    private static final int AF_UNSPEC = 0;
    private static final int IFF_UP = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_MASTER = 10;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int IFLA_VXLAN_ID = 1;
    private static final int IFLA_VXLAN_LOCAL = 4;
    private static final int IFLA_VXLAN_LEARNING = 7;
    private static final int IFLA_VXLAN_PORT = 15;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RTA_TABLE = 15;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RT_SCOPE_LINK = 253;
    private static final int RTN_UNICAST = 1;
    private static final int NDA_DST = 1;
    private static final int NDA_LLADDR = 2;
    private static final int NUD_PERMANENT = 0x80;
    private static final int NTF_SELF = 0x02;
    private static final int NLM_F_APPEND = 0x800;
    private static final int EEXIST = 17;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    /** rtm_protocol of the routes Wharf installs for cluster networks ('W'); {@code ip route} shows "proto 87". */
    static final int RTPROT_WHARF = 87;
    /** IANA's VXLAN port. */
    static final int VXLAN_PORT = 4789;

    private final NetlinkSocket socket;

    OverlayNetlink() {
        this.socket = NetlinkSocket.open();
    }

    /** A route Wharf installed: to {@code dst}, via {@code gateway} (null: on-link through {@code oif}). */
    record WharfRoute(Subnet dst, Integer gateway, int oif) {
    }

    /** Adds or replaces the route to {@code dst}: via a gateway, or on-link through a device. */
    void replaceRoute(Subnet dst, Integer gateway, int oif) {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWROUTE, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE
                        | NetlinkMessage.NLM_F_REPLACE)
                .rtmsg(AF_INET, dst.prefixLen(), RT_TABLE_MAIN, RTPROT_WHARF, gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
                        RTN_UNICAST)
                .attr(RTA_DST, bytes(dst.base()));
        if (gateway != null) {
            m.attr(RTA_GATEWAY, bytes(gateway));
        }
        if (oif > 0) {
            m.attrInt(RTA_OIF, oif);
        }
        socket.execute("route " + dst + (gateway != null ? " via " + Subnet.format(gateway) : " dev " + oif), m);
    }

    /** Deletes a route Wharf installed; false if it was already gone. */
    boolean deleteRoute(Subnet dst) {
        try {
            socket.execute("delete route " + dst, NetlinkMessage.request(RTM_DELROUTE, NetlinkMessage.NLM_F_ACK)
                    .rtmsg(AF_INET, dst.prefixLen(), RT_TABLE_MAIN, RTPROT_WHARF, 0, 0).attr(RTA_DST, bytes(dst.base())));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == ESRCH || e.errno() == ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /** The routes of the main table with Wharf's protocol number. */
    List<WharfRoute> wharfRoutes() {
        List<WharfRoute> out = new ArrayList<>();
        socket.dump("list routes", NetlinkMessage.request(RTM_GETROUTE, NetlinkMessage.NLM_F_DUMP)
                .rtmsg(AF_INET, 0, 0, 0, 0, 0), b -> {
                    int dstLen = b.get(1) & 0xff;
                    int table = b.get(4) & 0xff;
                    int protocol = b.get(5) & 0xff;
                    int dst = 0;
                    Integer gw = null;
                    int oif = 0;
                    for (NetlinkSocket.Attr a : NetlinkSocket.attrs(b, 12)) {
                        switch (a.type()) {
                            case RTA_DST -> dst = ByteBuffer.wrap(a.value()).getInt();
                            case RTA_GATEWAY -> gw = ByteBuffer.wrap(a.value()).getInt();
                            case RTA_OIF -> oif = a.int32();
                            case RTA_TABLE -> table = a.int32();
                            default -> { }
                        }
                    }
                    if (protocol == RTPROT_WHARF && table == RT_TABLE_MAIN) {
                        out.add(new WharfRoute(new Subnet(dst, dstLen), gw, oif));
                    }
                });
        return out;
    }

    /**
     * Creates a VXLAN device enslaved to {@code bridgeIndex} and up: VNI, local address, UDP 4789, learning on.
     * Its MTU is 1500 like the containers' veths, so frames are never dropped on the bridge; the encapsulated
     * packets may then be fragmented on a 1500-byte underlay. Returns false if the name exists.
     */
    boolean createVxlan(String name, int vni, int localAddress, int bridgeIndex) {
        NetlinkMessage m = NetlinkMessage.request(RTM_NEWLINK, NetlinkMessage.NLM_F_ACK | NetlinkMessage.NLM_F_CREATE
                        | NetlinkMessage.NLM_F_EXCL)
                .ifinfo(AF_UNSPEC, 0, IFF_UP, IFF_UP)
                .attr(IFLA_IFNAME, name)
                .attrInt(IFLA_MTU, 1500)
                .attrInt(IFLA_MASTER, bridgeIndex)
                .begin(IFLA_LINKINFO).attr(IFLA_INFO_KIND, "vxlan").begin(IFLA_INFO_DATA)
                .attrInt(IFLA_VXLAN_ID, vni)
                .attr(IFLA_VXLAN_LOCAL, bytes(localAddress))
                .attr(IFLA_VXLAN_LEARNING, new byte[] {1})
                .attr(IFLA_VXLAN_PORT, new byte[] {(byte) (VXLAN_PORT >> 8), (byte) VXLAN_PORT})
                .end().end();
        try {
            socket.execute("create vxlan " + name, m);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /** {@code bridge fdb append 00:00:00:00:00:00 dev <vxlan> dst <peer>}: flooded frames also go to the peer. */
    void addFloodEntry(int vxlanIndex, int peerAddress) {
        try {
            // APPEND without EXCL: every peer gets its own all-zero entry (EXCL would refuse the second one)
            socket.execute("fdb add " + Subnet.format(peerAddress), neigh(RTM_NEWNEIGH,
                    NetlinkMessage.NLM_F_CREATE | NLM_F_APPEND, vxlanIndex, peerAddress));
        } catch (NetlinkException e) {
            if (e.errno() != EEXIST) {
                throw e;
            }
        }
    }

    void deleteFloodEntry(int vxlanIndex, int peerAddress) {
        try {
            socket.execute("fdb del " + Subnet.format(peerAddress), neigh(RTM_DELNEIGH, 0, vxlanIndex, peerAddress));
        } catch (NetlinkException e) {
            if (e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    private static NetlinkMessage neigh(int type, int flags, int ifindex, int dst) {
        NetlinkMessage m = NetlinkMessage.request(type, NetlinkMessage.NLM_F_ACK | flags);
        // struct ndmsg: family, pad1, pad2, ifindex, state, flags, type
        byte[] ndmsg = ByteBuffer.allocate(12).order(java.nio.ByteOrder.nativeOrder())
                .put((byte) AF_BRIDGE).put((byte) 0).putShort((short) 0).putInt(ifindex)
                .putShort((short) NUD_PERMANENT).put((byte) NTF_SELF).put((byte) 0).array();
        return m.raw(ndmsg).attr(NDA_LLADDR, new byte[6]).attr(NDA_DST, bytes(dst));
    }

    private static byte[] bytes(int address) {
        return ByteBuffer.allocate(4).putInt(address).array();
    }

    @Override
    public void close() {
        socket.close();
    }
}
