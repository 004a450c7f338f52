package dev.wharf.daemon.network;

import dev.wharf.daemon.api.ApiException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code -p}/{@code -P} requests into concrete host ports. A port Wharf already forwards is "already
 * allocated"; a port some other program holds is found by binding it (a probe, closed at once) — nft DNAT
 * would otherwise silently steal that program's traffic. Ephemeral ports come from the kernel (bind to 0).
 */
final class PortAllocator {
    private PortAllocator() {
    }

    static List<PublishedPort> allocate(NetworkRequest req, Collection<PublishedPort> inUse) {
        List<PublishedPort> out = new ArrayList<>();
        Map<String, List<NetworkRequest.PortBindingRequest>> bindings = new java.util.LinkedHashMap<>(req.portBindings());
        if (req.publishAllPorts()) {
            for (String p : req.exposedPorts()) {
                bindings.putIfAbsent(p, List.of(new NetworkRequest.PortBindingRequest("", "")));
            }
        }
        for (var e : bindings.entrySet()) {
            String[] pp = e.getKey().split("/", 2);
            String proto = pp.length > 1 ? pp[1].toLowerCase() : "tcp";
            if (!proto.equals("tcp") && !proto.equals("udp")) {
                throw ApiException.badRequest("invalid port " + e.getKey() + ": protocol must be tcp or udp");
            }
            int containerPort = port(pp[0], e.getKey());
            List<NetworkRequest.PortBindingRequest> list = e.getValue() == null || e.getValue().isEmpty()
                    ? List.of(new NetworkRequest.PortBindingRequest("", "")) : e.getValue();
            for (var b : list) {
                String hostIp = b.hostIp() == null ? "" : b.hostIp();
                if (hostIp.contains(":")) {
                    continue; // IPv6 host addresses: containers get IPv4 only
                }
                List<PublishedPort> taken = new ArrayList<>(inUse);
                taken.addAll(out);
                out.add(new PublishedPort(containerPort, proto, hostIp.equals("0.0.0.0") ? "" : hostIp,
                        hostPort(hostIp, b.hostPort(), proto, taken)));
            }
        }
        return out;
    }

    private static int hostPort(String hostIp, String spec, String proto, List<PublishedPort> taken) {
        if (spec == null || spec.isEmpty() || spec.equals("0")) {
            return ephemeral(hostIp, proto);
        }
        int dash = spec.indexOf('-');
        if (dash > 0) {
            int lo = port(spec.substring(0, dash), spec);
            int hi = port(spec.substring(dash + 1), spec);
            for (int p = lo; p <= hi; p++) {
                if (conflict(hostIp, p, proto, taken) == null && probe(hostIp, p, proto) == null) {
                    return p;
                }
            }
            throw ApiException.conflict("Bind for " + display(hostIp) + ":" + spec + " failed: all ports in the range are allocated");
        }
        int p = port(spec, spec);
        String c = conflict(hostIp, p, proto, taken);
        if (c != null) {
            throw ApiException.conflict("Bind for " + display(hostIp) + ":" + p + " failed: port is already allocated");
        }
        String err = probe(hostIp, p, proto);
        if (err != null) {
            throw ApiException.conflict("host port " + display(hostIp) + ":" + p + "/" + proto + " is already in use by another program (" + err + ")");
        }
        return p;
    }

    private static String conflict(String hostIp, int port, String proto, List<PublishedPort> taken) {
        for (PublishedPort t : taken) {
            if (t.hostPort() == port && t.proto().equals(proto)
                    && (t.hostIp().isEmpty() || hostIp.isEmpty() || hostIp.equals("0.0.0.0") || t.hostIp().equals(hostIp))) {
                return t.hostIp();
            }
        }
        return null;
    }

    /** Binds and closes at once; returns why it failed, or null when the port is free. */
    static String probe(String hostIp, int port, String proto) {
        try {
            InetSocketAddress a = new InetSocketAddress(hostIp.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(hostIp), port);
            if (proto.equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(a);
                }
            } else {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(a);
                }
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static int ephemeral(String hostIp, String proto) {
        try {
            InetSocketAddress a = new InetSocketAddress(hostIp.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(hostIp), 0);
            if (proto.equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(a);
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(a);
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw ApiException.badRequest("cannot publish a port on " + display(hostIp) + ": " + e.getMessage());
        }
    }

    private static int port(String s, String context) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("invalid port \"" + context + "\": must be a number from 1 to 65535");
    }

    static String display(String hostIp) {
        return hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }
}
