package dev.wharf.daemon.network;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.network.ipam.IpamException;
import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.netns.Netns;
import dev.wharf.daemon.network.netns.NetnsThread;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per-container networking: set up when a container starts (namespace, one veth per network, addresses,
 * routes, published ports, /etc files), torn down when it stops, and changed while it runs (connect,
 * disconnect). Order on set-up: everything that can be refused (networks, ports, addresses) is decided first;
 * the sandbox record is written before kernel objects are made, so a crash never leaves objects nobody knows
 * about; any failure rolls back what was made.
 */
final class SandboxService {
    private static final Logger LOG = Logger.getLogger(SandboxService.class.getName());

    private final NetworkState st;
    private final HostsFiles hosts;

    SandboxService(NetworkState st) {
        this.st = st;
        this.hosts = new HostsFiles(st);
    }

    /** The networks a request asks for, primary first, each with its endpoint settings; validates names. */
    Map<NetworkRecord, NetworkRequest.EndpointRequest> resolve(NetworkRequest req) {
        Map<NetworkRecord, NetworkRequest.EndpointRequest> out = new LinkedHashMap<>();
        String mode = req.networkMode();
        if (mode.startsWith("container:")) {
            return out;
        }
        NetworkRecord primary = mode.equals("default") || mode.equals("bridge") ? st.defaultBridge() : st.require(mode);
        out.put(primary, endpointConfig(req, primary, mode));
        for (var e : req.endpoints().entrySet()) {
            NetworkRecord n = e.getKey().equals("default") ? st.defaultBridge() : st.require(e.getKey());
            out.putIfAbsent(n, e.getValue());
        }
        boolean special = out.keySet().stream().anyMatch(n -> !n.bridgeDriver());
        if (special && out.size() > 1) {
            throw ApiException.badRequest("container cannot be connected to host or none network together with other networks");
        }
        for (var e : out.entrySet()) {
            String ip = e.getValue() == null ? null : e.getValue().ipv4Address();
            if (ip != null && !ip.isEmpty()) {
                NetworkRecord n = e.getKey();
                if (n.defaultBridgeNetwork() || !n.bridgeDriver()) {
                    throw ApiException.badRequest("user specified IP address is supported on user defined networks only");
                }
                int a = parseIp(ip);
                if (!Subnet.parse(n.subnet()).contains(a)) {
                    throw ApiException.badRequest("invalid IP address " + ip + ": it is not inside network " + n.name() + "'s subnet " + n.subnet());
                }
            }
        }
        return out;
    }

    private static NetworkRequest.EndpointRequest endpointConfig(NetworkRequest req, NetworkRecord n, String mode) {
        for (String key : List.of(mode, n.name(), n.id(), "default")) {
            NetworkRequest.EndpointRequest e = req.endpoints().get(key);
            if (e != null) {
                return e;
            }
        }
        return new NetworkRequest.EndpointRequest(List.of(), null);
    }

    Attachment setUp(NetworkRequest req) throws IOException {
        long t0 = System.nanoTime();
        synchronized (st) {
            String id = req.containerId();
            Sandbox existing = st.sandboxes.get(id);
            if (existing != null) {
                return Attachment.of(existing); // already up (e.g. re-adopted after a restart)
            }
            NetworkRequest wanted = st.wanted.getOrDefault(id, req);
            wanted = new NetworkRequest(id, req.name(), req.hostname(), req.domainname(), wanted.networkMode(), wanted.endpoints(),
                    req.portBindings(), req.publishAllPorts(), req.exposedPorts(), req.dns(), req.dnsSearch(), req.dnsOptions(), req.extraHosts());
            if (!wanted.equals(st.wanted.get(id))) {
                putWanted(wanted);
            }
            if (wanted.networkMode().startsWith("container:")) {
                return joinContainer(wanted);
            }
            Map<NetworkRecord, NetworkRequest.EndpointRequest> nets = resolve(wanted);
            NetworkRecord primary = nets.keySet().iterator().next();
            boolean host = "host".equals(primary.driver());
            boolean none = primary.driver() == null;
            List<PublishedPort> ports = host || none ? List.of()
                    : PortAllocator.allocate(wanted, st.sandboxes.values().stream().flatMap(s -> s.ports().stream()).toList());

            Path files = Files.createDirectories(st.filesDir.resolve(id));
            String hostname = hostname(wanted);
            List<Endpoint> endpoints = new ArrayList<>();
            Sandbox sb = null;
            Netns ns = null;
            try {
                int ifIndex = 0;
                for (var e : nets.entrySet()) {
                    if (e.getKey().bridgeDriver()) {
                        endpoints.add(allocate(id, e.getKey(), e.getValue(), ifIndex++));
                    }
                }
                Path nsPath = host ? null : st.netnsDir().resolve(id);
                sb = new Sandbox(id, wanted.name(), hostname, host ? "host" : none ? "none" : "bridge",
                        nsPath == null ? null : nsPath.toString(), endpoints, ports,
                        files.resolve("hosts").toString(), files.resolve("hostname").toString(), files.resolve("resolv.conf").toString());
                st.sandboxStore.put(id, sb);
                st.sandboxes.put(id, sb);
                if (nsPath != null) {
                    ns = st.netns.create(nsPath);
                    boolean first = true;
                    for (Endpoint ep : endpoints) {
                        st.driver.attach(ns, st.networks.get(ep.networkId()), ep, first);
                        first = false;
                    }
                }
                EtcFiles.write(Path.of(sb.hostnamePath()), (host ? hostHostname() : hostname) + "\n");
                EtcFiles.write(Path.of(sb.resolvConfPath()), st.etc.resolvConf(wanted.dns(), wanted.dnsSearch(), wanted.dnsOptions(), host));
                if (host) {
                    Files.copy(Path.of("/etc/hosts"), Path.of(sb.hostsPath()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                st.applyFirewall();
                hosts.refresh(networkIds(endpoints), id);
                long us = (System.nanoTime() - t0) / 1000;
                LOG.fine(() -> "network set-up of " + id + " took " + us + " us");
                return Attachment.of(sb);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "set-up of " + id + " failed; rolling back", e);
                if (ns != null) {
                    ns.close();
                    ns = null;
                }
                rollback(id, endpoints, sb);
                throw e;
            } finally {
                if (ns != null) {
                    ns.close();
                }
            }
        }
    }

    private Attachment joinContainer(NetworkRequest req) throws IOException {
        String other = req.networkMode().substring("container:".length());
        Sandbox target = st.sandboxes.values().stream()
                .filter(s -> s.containerId().equals(other) || other.equals(s.name()) || ("/" + other).equals(s.name())
                        || (other.length() >= 3 && s.containerId().startsWith(other)))
                .findFirst().orElseThrow(() -> ApiException.conflict("cannot join network of a non running container: " + other));
        Sandbox sb = new Sandbox(req.containerId(), req.name(), target.hostname(), "container:" + target.containerId(), target.netnsPath(),
                List.of(), List.of(), target.hostsPath(), target.hostnamePath(), target.resolvConfPath());
        st.sandboxStore.put(req.containerId(), sb);
        st.sandboxes.put(req.containerId(), sb);
        return Attachment.of(sb);
    }

    /** Takes an address for the container on the network and names its interface pair. */
    private Endpoint allocate(String id, NetworkRecord n, NetworkRequest.EndpointRequest cfg, int ifIndex) {
        String staticIp = cfg == null ? null : cfg.ipv4Address();
        boolean isStatic = staticIp != null && !staticIp.isEmpty();
        Inet4Address ip;
        try {
            ip = st.ipam.requestAddress(n.id(), isStatic ? BridgeDriver.ip(staticIp) : null, id);
        } catch (IpamException e) {
            throw switch (e.kind()) {
                case INVALID -> ApiException.badRequest(e.getMessage());
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                default -> ApiException.conflict(e.getMessage());
            };
        }
        String addr = ip.getHostAddress();
        return new Endpoint(n.id(), NetworkService.randomId(), "eth" + ifIndex, NetworkNames.hostVeth(id, ifIndex), addr,
                Subnet.parse(n.subnet()).prefixLen(), n.gateway(), BridgeDriver.macFor(addr), isStatic,
                cfg == null ? List.of() : List.copyOf(cfg.aliases()));
    }

    private void rollback(String id, List<Endpoint> endpoints, Sandbox sb) {
        for (Endpoint ep : endpoints) {
            st.driver.detach(ep);
            st.ipam.releaseAddress(ep.networkId(), BridgeDriver.ip(ep.ip()));
        }
        if (sb != null && sb.netnsPath() != null) {
            NetnsThread.remove(Path.of(sb.netnsPath()));
        }
        st.sandboxes.remove(id);
        st.sandboxStore.remove(id);
        deleteFiles(id);
        try {
            st.applyFirewall();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restoring the nft table after a failed set-up", e);
        }
    }

    /** Releases everything of a container's sandbox; a no-op when there is none. */
    void tearDown(String id) {
        synchronized (st) {
            Sandbox sb = st.sandboxes.remove(id);
            if (sb == null) {
                return;
            }
            for (Endpoint ep : sb.endpoints()) {
                st.driver.detach(ep);
                st.ipam.releaseAddress(ep.networkId(), BridgeDriver.ip(ep.ip()));
            }
            if (sb.netnsPath() != null && !sb.mode().startsWith("container:")) {
                NetnsThread.remove(Path.of(sb.netnsPath()));
            }
            if (!sb.mode().startsWith("container:")) {
                deleteFiles(id);
            }
            st.sandboxStore.remove(id);
            try {
                st.applyFirewall();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "updating the nft table after tearing down " + id, e);
            }
            hosts.refresh(networkIds(sb.endpoints()), null);
        }
    }

    /** Adds an interface on {@code n} to a running container, or records the wish for its next start. */
    void connect(NetworkRecord n, String id, String name, NetworkRequest.EndpointRequest cfg) throws IOException {
        synchronized (st) {
            if (!n.bridgeDriver()) {
                throw ApiException.badRequest("container cannot be disconnected from host network or connected to host network");
            }
            NetworkRequest w = st.wanted.get(id);
            Map<String, NetworkRequest.EndpointRequest> eps = new LinkedHashMap<>(w == null ? Map.of() : w.endpoints());
            Sandbox sb = st.sandboxes.get(id);
            if (sb != null) {
                if (!sb.mode().equals("bridge")) {
                    throw ApiException.badRequest("container sharing network namespace with another container or host cannot be connected to any other network");
                }
                if (sb.endpoints().stream().anyMatch(e -> e.networkId().equals(n.id()))) {
                    throw new ApiException(403, "endpoint with name " + trim(name) + " already exists in network " + n.name());
                }
                if (cfg.ipv4Address() != null && !cfg.ipv4Address().isEmpty() && !Subnet.parse(n.subnet()).contains(parseIp(cfg.ipv4Address()))) {
                    throw ApiException.badRequest("invalid IP address " + cfg.ipv4Address() + ": it is not inside network " + n.name() + "'s subnet " + n.subnet());
                }
                int ifIndex = sb.endpoints().stream().mapToInt(e -> Integer.parseInt(e.ifName().substring(3))).max().orElse(-1) + 1;
                Endpoint ep = allocate(id, n, cfg, ifIndex);
                List<Endpoint> all = new ArrayList<>(sb.endpoints());
                all.add(ep);
                Sandbox updated = sb.withEndpoints(all);
                st.sandboxStore.put(id, updated);
                st.sandboxes.put(id, updated);
                try (Netns ns = st.netns.open(Path.of(sb.netnsPath()))) {
                    st.driver.attach(ns, n, ep, false);
                } catch (IOException | RuntimeException e) {
                    st.ipam.releaseAddress(n.id(), BridgeDriver.ip(ep.ip()));
                    st.sandboxStore.put(id, sb);
                    st.sandboxes.put(id, sb);
                    throw e;
                }
                hosts.refresh(Set.of(n.id()), id);
            }
            eps.put(n.name(), cfg);
            NetworkRequest base = w != null ? w : new NetworkRequest(id, name, "", "", "default", Map.of(), Map.of(), false, List.of(), null, null, null, null);
            putWanted(withEndpoints(base, eps));
        }
    }

    /** Removes a running container's interface on {@code n}, and the network from its wishes. */
    void disconnect(NetworkRecord n, String id, String name) {
        synchronized (st) {
            NetworkRequest w = st.wanted.get(id);
            Sandbox sb = st.sandboxes.get(id);
            Endpoint ep = sb == null ? null : sb.endpoints().stream().filter(e -> e.networkId().equals(n.id())).findFirst().orElse(null);
            boolean wantedThere = w != null && (w.endpoints().containsKey(n.name()) || w.endpoints().containsKey(n.id())
                    || w.networkMode().equals(n.name()) || w.networkMode().equals(n.id())
                    || (n.defaultBridgeNetwork() && (w.networkMode().equals("default") || w.networkMode().equals("bridge"))));
            if (ep == null && !wantedThere) {
                throw new ApiException(403, "container " + trim(name) + " is not connected to network " + n.name());
            }
            if (ep != null) {
                List<Endpoint> rest = new ArrayList<>(sb.endpoints());
                rest.remove(ep);
                Sandbox updated = sb.withEndpoints(rest);
                st.sandboxStore.put(id, updated);
                st.sandboxes.put(id, updated);
                st.driver.detach(ep);
                st.ipam.releaseAddress(n.id(), BridgeDriver.ip(ep.ip()));
                st.applyFirewall();
                hosts.refresh(Set.of(n.id()), id);
            }
            if (w != null) {
                Map<String, NetworkRequest.EndpointRequest> eps = new LinkedHashMap<>(w.endpoints());
                eps.remove(n.name());
                eps.remove(n.id());
                NetworkRequest updated = withEndpoints(w, eps);
                if (w.networkMode().equals(n.name()) || w.networkMode().equals(n.id())
                        || (n.defaultBridgeNetwork() && (w.networkMode().equals("default") || w.networkMode().equals("bridge")))) {
                    String next = eps.isEmpty() ? "none" : eps.keySet().iterator().next();
                    updated = new NetworkRequest(id, w.name(), w.hostname(), w.domainname(), next, eps, w.portBindings(),
                            w.publishAllPorts(), w.exposedPorts(), w.dns(), w.dnsSearch(), w.dnsOptions(), w.extraHosts());
                }
                putWanted(updated);
            }
        }
    }

    void flushHostsFiles() throws InterruptedException {
        hosts.flush();
    }

    void close() {
        hosts.close();
    }

    void putWanted(NetworkRequest r) {
        st.wanted.put(r.containerId(), r);
        st.wantedStore.put(r.containerId(), r);
    }

    void forget(String id) {
        synchronized (st) {
            tearDown(id);
            st.wanted.remove(id);
            st.wantedStore.remove(id);
        }
    }

    private static NetworkRequest withEndpoints(NetworkRequest w, Map<String, NetworkRequest.EndpointRequest> eps) {
        return new NetworkRequest(w.containerId(), w.name(), w.hostname(), w.domainname(), w.networkMode(), eps, w.portBindings(),
                w.publishAllPorts(), w.exposedPorts(), w.dns(), w.dnsSearch(), w.dnsOptions(), w.extraHosts());
    }

    private static Set<String> networkIds(List<Endpoint> eps) {
        Set<String> s = new HashSet<>();
        eps.forEach(e -> s.add(e.networkId()));
        return s;
    }

    static String hostname(NetworkRequest r) {
        return r.hostname() == null || r.hostname().isEmpty() ? r.containerId().substring(0, Math.min(12, r.containerId().length())) : r.hostname();
    }

    private static String hostHostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    private static int parseIp(String ip) {
        try {
            return Subnet.parseAddress(ip, ip);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String trim(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    private void deleteFiles(String id) {
        Path dir = st.filesDir.resolve(id);
        for (String f : List.of("hosts", "hostname", "resolv.conf")) {
            try {
                Files.deleteIfExists(dir.resolve(f));
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
