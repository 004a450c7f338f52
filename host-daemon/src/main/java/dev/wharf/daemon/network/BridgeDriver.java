package dev.wharf.daemon.network;

import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.netlink.NetlinkException;
import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.daemon.network.netns.Netns;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The kernel side of bridge networks, all through rtnetlink: a Linux bridge per network holding the gateway
 * address, and per endpoint a veth pair whose container end is created directly inside the container's
 * namespace under its final name, with its MAC — then address, up, default route through the namespace's
 * own netlink socket.
 */
final class BridgeDriver {
    private static final Logger LOG = Logger.getLogger(BridgeDriver.class.getName());
    static final int MTU = 1500;

    private final Rtnl host;

    BridgeDriver(Rtnl host) {
        this.host = host;
    }

    /** Creates (or re-adopts) the bridge with its gateway address, up, with route_localnet on. */
    void ensureBridge(NetworkRecord n) {
        Subnet s = Subnet.parse(n.subnet());
        host.createBridge(n.bridge(), MTU);
        int index = host.index(n.bridge());
        host.addAddress(index, Subnet.inet(Subnet.parseAddress(n.gateway(), n.gateway())), s.prefixLen());
        host.up(index);
        // lets published ports answer on 127.0.0.1: DNATed loopback packets may then be routed out of the bridge
        sysctl("net/ipv4/conf/" + n.bridge() + "/route_localnet", "1");
    }

    void removeBridge(String name) {
        host.delete(name);
    }

    /** Plugs one endpoint into its network's bridge and configures the interface inside the namespace. */
    void attach(Netns ns, NetworkRecord n, Endpoint e, boolean defaultRoute) {
        int bridge = host.index(n.bridge());
        if (bridge == 0) {
            ensureBridge(n);
            bridge = host.index(n.bridge());
        }
        host.createVeth(e.hostVeth(), bridge, MTU, e.ifName(), mac(e.mac()), ns.fd());
        try {
            Rtnl in = ns.rtnl();
            int idx = in.index(e.ifName());
            in.addAddress(idx, ip(e.ip()), e.prefixLen());
            in.up(idx);
            if (defaultRoute && !n.internal()) {
                in.addRoute(ip("0.0.0.0"), 0, ip(e.gateway()), idx);
            }
        } catch (RuntimeException ex) {
            host.delete(e.hostVeth());
            throw ex;
        }
    }

    /** Removes the veth pair (deleting the host end takes the namespace end with it). */
    void detach(Endpoint e) {
        try {
            host.delete(e.hostVeth());
        } catch (NetlinkException ex) {
            LOG.warning("cannot delete " + e.hostVeth() + ": " + ex.getMessage());
        }
    }

    /** Docker's scheme: 02:42 followed by the IPv4 address, so a MAC never repeats within a subnet. */
    static String macFor(String ip) {
        int a = Subnet.parseAddress(ip, ip);
        return String.format("02:42:%02x:%02x:%02x:%02x", (a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff);
    }

    static byte[] mac(String mac) {
        String[] p = mac.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return b;
    }

    static Inet4Address ip(String s) {
        return Subnet.inet(Subnet.parseAddress(s, s));
    }

    /** Writes a sysctl through /proc/sys (the daemon runs no sysctl or ip processes). */
    static void sysctl(String key, String value) {
        Path p = Path.of("/proc/sys", key);
        try {
            if (!Files.readString(p).trim().equals(value)) {
                Files.writeString(p, value);
                LOG.info("set " + key.replace('/', '.') + " = " + value);
            }
        } catch (IOException e) {
            LOG.warning("cannot set " + key.replace('/', '.') + " = " + value + ": " + e.getMessage());
        }
    }
}
