package dev.wharf.daemon.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker API shapes: a network ({@code docker network inspect}) and a container's {@code NetworkSettings}. */
public final class NetworkViews {
    private NetworkViews() {
    }

    /** One network as {@code GET /networks/{id}} returns it; {@code attached} fills {@code Containers}. */
    public static Map<String, Object> network(NetworkRecord n, List<Sandbox> attached, boolean withContainers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("Id", n.id());
        m.put("Created", n.created());
        m.put("Scope", "local");
        m.put("Driver", n.driver() == null ? "null" : n.driver());
        m.put("EnableIPv4", true);
        m.put("EnableIPv6", false);
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null);
        List<Map<String, Object>> config = new ArrayList<>();
        if (n.subnet() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Subnet", n.subnet());
            if (n.ipRange() != null) {
                c.put("IPRange", n.ipRange());
            }
            c.put("Gateway", n.gateway());
            config.add(c);
        }
        ipam.put("Config", config);
        m.put("IPAM", ipam);
        m.put("Internal", n.internal());
        m.put("Attachable", n.attachable());
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        if (withContainers) {
            Map<String, Object> cs = new LinkedHashMap<>();
            for (Sandbox s : attached) {
                for (Endpoint e : s.endpoints()) {
                    if (e.networkId().equals(n.id())) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("Name", s.name() != null && s.name().startsWith("/") ? s.name().substring(1) : s.name());
                        c.put("EndpointID", e.endpointId());
                        c.put("MacAddress", e.mac());
                        c.put("IPv4Address", e.ip() + "/" + e.prefixLen());
                        c.put("IPv6Address", "");
                        cs.put(s.containerId(), c);
                    }
                }
            }
            m.put("Containers", cs);
        } else {
            m.put("Containers", Map.of());
        }
        Map<String, String> options = new LinkedHashMap<>(n.options() == null ? Map.of() : n.options());
        if (n.bridgeDriver()) {
            options.putIfAbsent("com.docker.network.bridge.name", n.bridge());
        }
        m.put("Options", options);
        m.put("Labels", n.labels() == null ? Map.of() : n.labels());
        return m;
    }

    /** A container's {@code NetworkSettings}: live values while it runs, its wanted networks otherwise. */
    static Map<String, Object> settings(NetworkState st, String containerId) {
        Sandbox s = st.sandboxes.get(containerId);
        NetworkRequest w = st.wanted.get(containerId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", s == null ? "" : containerId);
        m.put("SandboxKey", s == null || s.netnsPath() == null ? "" : s.netnsPath());
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        Map<String, Object> ports = new LinkedHashMap<>();
        if (w != null) {
            for (String p : w.exposedPorts()) {
                ports.put(p.contains("/") ? p : p + "/tcp", null);
            }
            if (s == null) {
                w.portBindings().keySet().forEach(p -> ports.putIfAbsent(p.contains("/") ? p : p + "/tcp", null));
            }
        }
        if (s != null) {
            for (PublishedPort p : s.ports()) {
                @SuppressWarnings("unchecked")
                List<Map<String, String>> l = (List<Map<String, String>>) ports.get(p.key());
                if (l == null) {
                    l = new ArrayList<>();
                    ports.put(p.key(), l);
                }
                l.add(Map.of("HostIp", PortAllocator.display(p.hostIp()), "HostPort", Integer.toString(p.hostPort())));
            }
        }
        m.put("Ports", ports);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        Endpoint def = s == null ? null : s.endpoints().stream()
                .filter(e -> st.networks.containsKey(e.networkId()) && st.networks.get(e.networkId()).defaultBridgeNetwork()).findFirst().orElse(null);
        m.put("EndpointID", def == null ? "" : def.endpointId());
        m.put("Gateway", def == null ? "" : def.gateway());
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", def == null ? "" : def.ip());
        m.put("IPPrefixLen", def == null ? 0 : def.prefixLen());
        m.put("IPv6Gateway", "");
        m.put("MacAddress", def == null ? "" : def.mac());
        Map<String, Object> nets = new LinkedHashMap<>();
        if (s != null && !s.mode().startsWith("container:")) {
            for (Endpoint e : s.endpoints()) {
                NetworkRecord n = st.networks.get(e.networkId());
                nets.put(n == null ? e.networkId() : n.name(), endpoint(n, e, s));
            }
            if (s.endpoints().isEmpty()) {
                String name = s.mode();
                st.networks.values().stream().filter(n -> n.builtin() && n.name().equals(name)).findFirst()
                        .ifPresent(n -> nets.put(name, endpoint(n, null, s)));
            }
        } else if (w != null && !w.networkMode().startsWith("container:")) {
            String mode = w.networkMode().equals("default") ? "bridge" : w.networkMode();
            List<String> names = new ArrayList<>(List.of(mode));
            w.endpoints().keySet().stream().filter(k -> !k.equals("default") && !names.contains(k)).forEach(names::add);
            for (String key : names) {
                st.find(key).ifPresent(n -> nets.put(n.name(), endpoint(n, null, null)));
            }
        }
        m.put("Networks", nets);
        return m;
    }

    private static Map<String, Object> endpoint(NetworkRecord n, Endpoint e, Sandbox s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IPAMConfig", e != null && e.staticIp() ? Map.of("IPv4Address", e.ip()) : null);
        m.put("Links", null);
        m.put("Aliases", e == null || e.aliases().isEmpty() ? null : e.aliases());
        m.put("MacAddress", e == null ? "" : e.mac());
        m.put("DriverOpts", null);
        m.put("GwPriority", 0);
        m.put("NetworkID", n == null ? "" : n.id());
        m.put("EndpointID", e == null ? "" : e.endpointId());
        m.put("Gateway", e == null ? "" : e.gateway());
        m.put("IPAddress", e == null ? "" : e.ip());
        m.put("IPPrefixLen", e == null ? 0 : e.prefixLen());
        m.put("IPv6Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        List<String> dns = new ArrayList<>();
        if (e != null && s != null && n != null && !n.defaultBridgeNetwork()) {
            dns.addAll(EtcFiles.names(s.name(), e.aliases(), s.containerId(), null));
        }
        m.put("DNSNames", dns.isEmpty() ? null : dns);
        return m;
    }
}
