package dev.wharf.systemtests;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A little data centre on one machine: a "switch" namespace holding a bridge, one namespace per host plugged into
 * it with its own address on an underlay /24 (from 198.18.0.0/15, the benchmarking range), and a veth from the
 * test's own namespace so the hosts reach the control plane and the registry at {@link #gateway()}.
 * Every name carries a run-unique prefix; {@link #close()} deletes the namespaces (their links go with them).
 */
final class TestNetwork implements AutoCloseable {
    private final String prefix;
    private final int third;
    private final List<String> namespaces = new ArrayList<>();

    TestNetwork() {
        byte[] b = new byte[2];
        new SecureRandom().nextBytes(b);
        this.prefix = "wm" + HexFormat.of().formatHex(b);
        this.third = b[0] & 0xff;
        String sw = ns("sw");
        Cmd.sh("ip", "netns", "add", sw).ok();
        namespaces.add(sw);
        Cmd.sh("ip", "-n", sw, "link", "add", "br0", "type", "bridge").ok();
        Cmd.sh("ip", "-n", sw, "link", "set", "br0", "up").ok();
        Cmd.sh("ip", "-n", sw, "link", "set", "lo", "up").ok();
        // the test's side: prefix-r here, "r" on the switch
        Cmd.sh("ip", "link", "add", "name", prefix + "-r", "type", "veth", "peer", "name", "r", "netns", sw).ok();
        Cmd.sh("ip", "-n", sw, "link", "set", "r", "master", "br0", "up").ok();
        Cmd.sh("ip", "addr", "add", gateway() + "/24", "dev", prefix + "-r").ok();
        Cmd.sh("ip", "link", "set", prefix + "-r", "up").ok();
    }

    String prefix() {
        return prefix;
    }

    String ns(String host) {
        return prefix + "-" + host;
    }

    /** The test's own address on the underlay: the control plane and registry listen here. */
    String gateway() {
        return "198.18." + third + ".1";
    }

    /** Adds a host namespace with {@code eth0} on the switch at 198.18.x.{@code octet}; returns its address. */
    String addHost(String host, int octet) {
        String ns = ns(host);
        Cmd.sh("ip", "netns", "add", ns).ok();
        namespaces.add(ns);
        Cmd.sh("ip", "-n", ns, "link", "set", "lo", "up").ok();
        Cmd.sh("ip", "-n", ns(("sw")), "link", "add", "name", "h" + host, "type", "veth", "peer", "name", "eth0", "netns", ns).ok();
        Cmd.sh("ip", "-n", ns("sw"), "link", "set", "h" + host, "master", "br0", "up").ok();
        String address = "198.18." + third + "." + octet;
        Cmd.sh("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0").ok();
        Cmd.sh("ip", "-n", ns, "link", "set", "eth0", "up").ok();
        return address;
    }

    /** Unplugs (or plugs back) a host: its port on the switch goes down (up). */
    void link(String host, boolean up) {
        Cmd.sh("ip", "-n", ns("sw"), "link", "set", "h" + host, up ? "up" : "down").ok();
    }

    @Override
    public void close() {
        Cmd.sh("ip", "link", "del", prefix + "-r");
        for (String ns : namespaces) {
            Cmd.sh("ip", "netns", "del", ns);
        }
    }
}
