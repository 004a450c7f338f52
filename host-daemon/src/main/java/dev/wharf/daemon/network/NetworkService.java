package dev.wharf.daemon.network;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.network.ipam.AddressPool;
import dev.wharf.daemon.network.ipam.DefaultAddressPools;
import dev.wharf.daemon.network.ipam.IpamException;
import dev.wharf.daemon.network.ipam.LocalIpam;
import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.daemon.network.netns.NetnsThread;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Wharf's networking: the networks ({@code bridge}, {@code host}, {@code none} and user-defined bridge
 * networks), their addresses, and each container's sandbox. All kernel work is in-process: rtnetlink and
 * namespaces through JNA, nftables through libnftables. State lives under {@code <data-root>/network}; at
 * start the bridges and the nft table are rebuilt from it and running containers' sandboxes are re-adopted
 * untouched (live restore). Stopping the daemon leaves everything in place.
 */
public final class NetworkService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkState st;
    private final SandboxService sandboxes;
    private final Rtnl host;
    private final String bridgeSubnet;
    private final String bridgeName;

    /**
     * @param bridgeSubnet the default bridge's subnet ({@code --bridge-subnet}), or null to pick a free one
     */
    public NetworkService(Path dataRoot, Path execRoot, String bridgeSubnet) throws IOException {
        this(dataRoot, execRoot, bridgeSubnet, NetworkNames.defaultBridge(execRoot), NetworkNames.table(execRoot));
    }

    public NetworkService(Path dataRoot, Path execRoot, String bridgeSubnet, String bridgeName, String tableName) throws IOException {
        this.host = Rtnl.open();
        this.bridgeSubnet = bridgeSubnet;
        this.bridgeName = bridgeName;
        LocalIpam ipam = new LocalIpam(dataRoot.resolve("network").resolve("ipam.json"), new DefaultAddressPools(), this::hostRoutes);
        this.st = new NetworkState(dataRoot, execRoot, ipam, new BridgeDriver(host), new Firewall(tableName), new NetnsThread(),
                new EtcFiles(Path.of("/etc/resolv.conf")));
        this.sandboxes = new SandboxService(st);
    }

    /** Loads state, makes sure bridges exist, re-adopts sandboxes, cleans what a crash left, rebuilds nft. */
    public void start() throws IOException {
        synchronized (st) {
            for (NetworkRecord n : st.networkStore.all()) {
                st.networks.put(n.id(), n);
            }
            for (NetworkRequest w : st.wantedStore.all()) {
                st.wanted.put(w.containerId(), w);
            }
            for (Sandbox s : st.sandboxStore.all()) {
                st.sandboxes.put(s.containerId(), s);
            }
            ensureBuiltins();
            // containers route through the host: without forwarding nothing leaves a bridge
            BridgeDriver.sysctl("net/ipv4/ip_forward", "1");
            for (NetworkRecord n : st.networks.values()) {
                if (n.bridgeDriver()) {
                    st.driver.ensureBridge(n);
                }
            }
            Recovery.restoreLeases(st);
            Recovery.sweepOrphans(st, host);
            st.applyFirewall();
        }
        LOG.info("networking ready: bridge " + bridgeName + " " + st.defaultBridge().subnet() + ", nft table inet " + st.firewall.tableName()
                + ", " + st.sandboxes.size() + " sandboxes re-adopted");
    }

    private void ensureBuiltins() {
        if (st.networks.values().stream().noneMatch(NetworkRecord::defaultBridgeNetwork)) {
            String id = randomId();
            AddressPool pool = requestPool(id, bridgeSubnet, null, null);
            save(new NetworkRecord(id, "bridge", "bridge", bridgeName, pool.subnet().toString(), null, Subnet.format(pool.gateway()),
                    false, false, true, Map.of(), Map.of("com.docker.network.bridge.default_bridge", "true",
                            "com.docker.network.bridge.name", bridgeName), Instant.now().toString()));
        } else if (bridgeSubnet != null && !bridgeSubnet.equals(st.defaultBridge().subnet())) {
            LOG.warning("--bridge-subnet " + bridgeSubnet + " differs from the bridge network's persisted subnet "
                    + st.defaultBridge().subnet() + "; keeping the persisted one (remove " + "<data-root>/network to reset)");
        }
        for (String[] b : new String[][] {{"host", "host"}, {"none", null}}) {
            if (st.networks.values().stream().noneMatch(n -> n.builtin() && n.name().equals(b[0]))) {
                save(new NetworkRecord(randomId(), b[0], b[1], null, null, null, null, false, false, true, Map.of(), Map.of(),
                        Instant.now().toString()));
            }
        }
    }

    // ---- networks -------------------------------------------------------------------------------------------

    /** Options of {@code docker network create}. */
    public record CreateRequest(String name, String driver, String subnet, String ipRange, String gateway, boolean internal,
                                boolean attachable, Map<String, String> labels, Map<String, String> options) {
    }

    public NetworkRecord create(CreateRequest r) {
        if (r.name() == null || r.name().isBlank()) {
            throw ApiException.badRequest("network name is required");
        }
        if (!r.name().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw ApiException.badRequest("invalid network name \"" + r.name() + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String driver = r.driver() == null || r.driver().isEmpty() ? "bridge" : r.driver();
        if (!driver.equals("bridge")) {
            throw ApiException.badRequest("network driver \"" + driver + "\" is not supported: Wharf networks use the bridge driver"
                    + (driver.equals("host") || driver.equals("null") ? " (only one instance of \"" + driver + "\" network is allowed)" : ""));
        }
        synchronized (st) {
            if (st.networks.values().stream().anyMatch(n -> n.name().equals(r.name()))) {
                throw ApiException.conflict("network with name " + r.name() + " already exists");
            }
            Map<String, String> options = r.options() == null ? Map.of() : Map.copyOf(r.options());
            String id = randomId();
            String bridge = options.getOrDefault("com.docker.network.bridge.name", NetworkNames.userBridge(id));
            if (bridge.length() > 15) {
                throw ApiException.badRequest("bridge name \"" + bridge + "\" is longer than 15 characters");
            }
            if (st.networks.values().stream().anyMatch(n -> bridge.equals(n.bridge())) || host.index(bridge) != 0) {
                throw ApiException.conflict("bridge " + bridge + " is already in use");
            }
            AddressPool pool = requestPool(id, r.subnet(), r.ipRange(), r.gateway());
            NetworkRecord n = new NetworkRecord(id, r.name(), "bridge", bridge, pool.subnet().toString(),
                    r.ipRange() == null || r.ipRange().isEmpty() ? null : pool.range().toString(), Subnet.format(pool.gateway()),
                    r.internal(), r.attachable(), false, r.labels() == null ? Map.of() : Map.copyOf(r.labels()), options,
                    Instant.now().toString());
            try {
                st.driver.ensureBridge(n);
                st.networks.put(id, n);
                st.applyFirewall();
                st.networkStore.put(id, n);
            } catch (RuntimeException e) {
                st.networks.remove(id);
                st.driver.removeBridge(bridge);
                st.ipam.releasePool(id);
                throw ApiException.internal("cannot create network " + r.name() + ": " + e.getMessage(), e);
            }
            return n;
        }
    }

    private AddressPool requestPool(String id, String subnet, String ipRange, String gateway) {
        try {
            return st.ipam.requestPool(id, subnet, ipRange, gateway);
        } catch (IpamException e) {
            throw switch (e.kind()) {
                case POOL_OVERLAP -> new ApiException(403, e.getMessage());
                case INVALID -> ApiException.badRequest(e.getMessage());
                default -> ApiException.conflict(e.getMessage());
            };
        }
    }

    private void save(NetworkRecord n) {
        st.networks.put(n.id(), n);
        st.networkStore.put(n.id(), n);
    }

    public Optional<NetworkRecord> find(String idOrName) {
        return st.find(idOrName);
    }

    public NetworkRecord require(String idOrName) {
        return st.require(idOrName);
    }

    public List<NetworkRecord> list() {
        synchronized (st) {
            return List.copyOf(st.networks.values());
        }
    }

    /** Sandboxes with an endpoint on the network (for inspect's {@code Containers}). */
    public List<Sandbox> attached(String networkId) {
        return st.sandboxesOn(networkId);
    }

    public void remove(String idOrName) {
        synchronized (st) {
            NetworkRecord n = st.require(idOrName);
            if (n.builtin()) {
                throw new ApiException(403, n.name() + " is a pre-defined network and cannot be removed");
            }
            if (!st.sandboxesOn(n.id()).isEmpty()) {
                throw new ApiException(403, "error while removing network: network " + n.name() + " id " + n.id() + " has active endpoints");
            }
            st.networks.remove(n.id());
            st.applyFirewall();
            st.driver.removeBridge(n.bridge());
            st.ipam.releasePool(n.id());
            st.networkStore.remove(n.id());
        }
    }

    /** Removes user-defined networks without endpoints; returns their names. */
    public List<String> prune(java.util.function.Predicate<NetworkRecord> filter) {
        List<String> removed = new ArrayList<>();
        synchronized (st) {
            for (NetworkRecord n : List.copyOf(st.networks.values())) {
                if (!n.builtin() && filter.test(n) && st.sandboxesOn(n.id()).isEmpty()) {
                    remove(n.id());
                    removed.add(n.name());
                }
            }
        }
        return removed;
    }

    // ---- containers (the seam the containers code calls) ------------------------------------------------------

    /** Checks a create request's networks, addresses and ports before anything is made; remembers its networks. */
    public void containerCreated(NetworkRequest req) {
        synchronized (st) {
            var nets = sandboxes.resolve(req);
            boolean bridged = nets.keySet().stream().allMatch(NetworkRecord::bridgeDriver);
            if (bridged && !req.networkMode().startsWith("container:")) {
                // probe only: ports are taken for real at start
                PortAllocator.allocate(req, st.sandboxes.values().stream().flatMap(s -> s.ports().stream()).toList());
            }
            sandboxes.putWanted(req);
        }
    }

    /** Sets up a starting container's network; returns the namespace to join and the /etc files to mount. */
    public Attachment setUp(NetworkRequest req) throws IOException {
        return sandboxes.setUp(req);
    }

    /** Releases a stopped container's sandbox (namespace, veths, addresses, ports); idempotent. */
    public void tearDown(String containerId) {
        sandboxes.tearDown(containerId);
    }

    /** Forgets a removed container entirely. */
    public void containerRemoved(String containerId) {
        sandboxes.forget(containerId);
    }

    /** After the containers code re-adopted its containers: sandboxes of containers that are not running go. */
    public void reconcile(Set<String> runningContainerIds) {
        for (Sandbox s : st.allSandboxes()) {
            if (!runningContainerIds.contains(s.containerId())) {
                LOG.info("releasing the sandbox of " + s.containerId() + ": the container is not running");
                tearDown(s.containerId());
            }
        }
    }

    /** Remembers a container's wanted networks without checking them (inspect of a never-started container). */
    public void remember(NetworkRequest req) {
        synchronized (st) {
            if (!st.wanted.containsKey(req.containerId())) {
                sandboxes.putWanted(req);
            }
        }
    }

    /** Drops what is remembered about containers that no longer exist. */
    public void forgetUnless(Set<String> existingContainerIds) {
        List<String> ids;
        synchronized (st) {
            ids = List.copyOf(st.wanted.keySet());
        }
        for (String id : ids) {
            if (!existingContainerIds.contains(id)) {
                containerRemoved(id);
            }
        }
    }

    public void connect(String network, String containerId, String containerName, NetworkRequest.EndpointRequest cfg) throws IOException {
        sandboxes.connect(st.require(network), containerId, containerName,
                cfg == null ? new NetworkRequest.EndpointRequest(List.of(), null) : cfg);
    }

    public void disconnect(String network, String containerId, String containerName) {
        sandboxes.disconnect(st.require(network), containerId, containerName);
    }

    public Optional<Sandbox> sandbox(String containerId) {
        synchronized (st) {
            return Optional.ofNullable(st.sandboxes.get(containerId));
        }
    }

    public Optional<NetworkRequest> wanted(String containerId) {
        synchronized (st) {
            return Optional.ofNullable(st.wanted.get(containerId));
        }
    }

    /** {@code NetworkSettings} of container inspect (also what {@code docker port} reads). */
    public Map<String, Object> networkSettings(String containerId) {
        synchronized (st) {
            return NetworkViews.settings(st, containerId);
        }
    }

    /** Waits until peers' /etc/hosts rewrites queued so far are written. */
    public void flushHostsFiles() throws InterruptedException {
        sandboxes.flushHostsFiles();
    }

    /** The default bridge's name (tests, /info). */
    public String bridgeName() {
        return bridgeName;
    }

    public String tableName() {
        return st.firewall.tableName();
    }

    private List<Subnet> hostRoutes() {
        return host.routes().stream().map(r -> new Subnet(Subnet.toInt(r.dst()), r.dstLen())).toList();
    }

    static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Stops serving. With containers still running, bridges, namespaces, veths and the nft table stay for them
     * (live restore). With none, the bridges and the table go too — a stopped daemon without containers leaves no
     * trace on the host; the next start re-creates them from state.
     */
    @Override
    public void close() {
        synchronized (st) {
            if (st.sandboxes.isEmpty()) {
                try {
                    st.firewall.remove();
                    for (NetworkRecord n : st.networks.values()) {
                        if (n.bridgeDriver()) {
                            st.driver.removeBridge(n.bridge());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warning("cleaning up networking at stop: " + e.getMessage());
                }
            }
        }
        sandboxes.close();
        st.netns.close();
        st.firewall.close();
        host.close();
    }

    /**
     * Removes everything this service made — table, bridges, namespaces — for tests that own a whole daemon's
     * networking. Never called by the daemon itself (containers outlive it).
     */
    public void destroyAll() {
        synchronized (st) {
            for (Sandbox s : List.copyOf(st.sandboxes.values())) {
                tearDown(s.containerId());
            }
            st.firewall.remove();
            for (NetworkRecord n : st.networks.values()) {
                if (n.bridgeDriver()) {
                    st.driver.removeBridge(n.bridge());
                }
            }
        }
    }
}
