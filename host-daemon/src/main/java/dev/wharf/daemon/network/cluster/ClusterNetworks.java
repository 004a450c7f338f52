package dev.wharf.daemon.network.cluster;

import dev.wharf.daemon.network.NetworkRecord;
import dev.wharf.daemon.network.NetworkService;
import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.model.agent.ClusterNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes this host's part of the cluster networks match the control plane's desired state, level-triggered:
 * <ul>
 * <li>a local bridge network per cluster network, with exactly the subnet and gateway the control plane gave
 * this host (so the local IPAM hands out addresses no other host uses), marked with the pool so the firewall
 * does not masquerade traffic within it;</li>
 * <li>{@code routed}: a route to each peer's subnet via the peer's address (hosts on one L2 segment);</li>
 * <li>{@code vxlan}: a VXLAN device (VNI, this host's address, UDP 4789) enslaved to the bridge, a flood entry
 * per peer in its FDB (the kernel learns the containers' MACs from there), and on-link routes to the peers'
 * subnets through the bridge, so the pool is one L2 segment across hosts.</li>
 * </ul>
 * Routes carry Wharf's own protocol number; those no longer wanted are deleted, others' are never touched.
 */
public final class ClusterNetworks implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterNetworks.class.getName());
    /** Label on local networks that mirror a cluster network. */
    public static final String CLUSTER_LABEL = "dev.wharf.cluster";
    static final String POOL_OPTION = "dev.wharf.cluster.pool";

    private final NetworkService networks;
    private final String localAddress;
    private final Rtnl rtnl = Rtnl.open();
    private final OverlayNetlink netlink = new OverlayNetlink();
    private final Map<String, Set<Integer>> floodEntries = new HashMap<>();
    private List<ClusterNetwork> applied;
    private long appliedAt;

    /** @param localAddress this host's address for VXLAN (its advertised address), or null */
    public ClusterNetworks(NetworkService networks, String localAddress) {
        this.networks = networks;
        this.localAddress = localAddress;
    }

    /** Applies the desired cluster networks; unchanged input is re-checked at most every 30 s. */
    public synchronized void apply(List<ClusterNetwork> desired) {
        if (desired.equals(applied) && System.currentTimeMillis() - appliedAt < 30_000) {
            return;
        }
        Map<Subnet, Route> wanted = new HashMap<>();
        Set<String> names = new HashSet<>();
        boolean ok = true;
        for (ClusterNetwork n : desired) {
            names.add(n.name());
            try {
                ensure(n, wanted);
            } catch (RuntimeException e) {
                ok = false;
                LOG.log(Level.FINE, "cluster network " + n.name(), e);
                LOG.warning("cannot set up cluster network " + n.name() + " (" + n.subnet() + "): " + e.getMessage());
            }
        }
        syncRoutes(wanted);
        removeUnwanted(names);
        applied = ok ? List.copyOf(desired) : null;
        appliedAt = System.currentTimeMillis();
    }

    private record Route(Integer gateway, int oif) {
    }

    private void ensure(ClusterNetwork n, Map<Subnet, Route> wanted) {
        NetworkRecord rec = networks.find(n.name()).orElse(null);
        if (rec != null && !n.subnet().equals(rec.subnet())) {
            if (!isCluster(rec) || !networks.attached(rec.id()).isEmpty()) {
                throw new IllegalStateException("a local network " + n.name() + " with subnet " + rec.subnet()
                        + " exists (and is in use or not Wharf's); not replacing it");
            }
            LOG.info("cluster network " + n.name() + " moved to subnet " + n.subnet() + "; re-creating it");
            networks.remove(rec.id());
            rec = null;
        }
        if (rec == null) {
            rec = networks.create(new NetworkService.CreateRequest(n.name(), "bridge", n.subnet(), null, n.gateway(),
                    false, true, Map.of(CLUSTER_LABEL, "true"), Map.of(POOL_OPTION, n.poolCidr(), "dev.wharf.cluster.mode", n.mode(),
                    "dev.wharf.cluster.vni", n.vni() == null ? "" : n.vni().toString())));
            LOG.info("cluster network " + n.name() + ": local bridge " + rec.bridge() + " with subnet " + n.subnet());
        }
        int bridge = rtnl.index(rec.bridge());
        boolean vxlan = "vxlan".equals(n.mode());
        for (ClusterNetwork.NetworkPeer p : n.peers()) {
            Subnet dst = Subnet.parse(p.subnet());
            wanted.put(dst, vxlan ? new Route(null, bridge) : new Route(Subnet.parseAddress(p.address(), "peer address"), 0));
        }
        if (vxlan) {
            ensureVxlan(n, bridge);
        }
    }

    private void ensureVxlan(ClusterNetwork n, int bridge) {
        if (localAddress == null || n.vni() == null) {
            throw new IllegalStateException("vxlan needs this host's address (--advertise-address) and a VNI");
        }
        String dev = "wvx" + n.vni();
        if (netlink.createVxlan(dev, n.vni(), Subnet.parseAddress(localAddress, "advertise address"), bridge)) {
            LOG.info("cluster network " + n.name() + ": vxlan " + dev + " (VNI " + n.vni() + ") on its bridge");
            floodEntries.remove(dev);
        }
        int index = rtnl.index(dev);
        Set<Integer> want = new HashSet<>();
        n.peers().forEach(p -> want.add(Subnet.parseAddress(p.address(), "peer address")));
        Set<Integer> have = floodEntries.computeIfAbsent(dev, k -> new HashSet<>());
        for (int peer : want) {
            if (!have.contains(peer)) {
                try {
                    netlink.addFloodEntry(index, peer);
                    have.add(peer);
                } catch (RuntimeException e) {
                    LOG.warning("vxlan " + dev + ": cannot add peer " + Subnet.format(peer) + ": " + e.getMessage());
                }
            }
        }
        for (int peer : new ArrayList<>(have)) {
            if (!want.contains(peer)) {
                netlink.deleteFloodEntry(index, peer);
                have.remove(peer);
            }
        }
    }

    private void syncRoutes(Map<Subnet, Route> wanted) {
        Map<Subnet, OverlayNetlink.WharfRoute> have = new HashMap<>();
        for (OverlayNetlink.WharfRoute r : netlink.wharfRoutes()) {
            have.put(r.dst(), r);
        }
        for (Map.Entry<Subnet, OverlayNetlink.WharfRoute> e : have.entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                netlink.deleteRoute(e.getKey());
                LOG.info("removed the route to " + e.getKey() + ": no longer a peer subnet");
            }
        }
        for (Map.Entry<Subnet, Route> e : wanted.entrySet()) {
            OverlayNetlink.WharfRoute cur = have.get(e.getKey());
            Route r = e.getValue();
            boolean same = cur != null && Objects.equals(cur.gateway(), r.gateway()) && (r.oif() == 0 || cur.oif() == r.oif());
            if (!same) {
                try {
                    netlink.replaceRoute(e.getKey(), r.gateway(), r.oif());
                } catch (RuntimeException ex) {
                    LOG.warning("cannot route " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
    }

    private void removeUnwanted(Set<String> names) {
        for (NetworkRecord rec : networks.list()) {
            if (isCluster(rec) && !names.contains(rec.name()) && networks.attached(rec.id()).isEmpty()) {
                try {
                    String mode = rec.options().get("dev.wharf.cluster.mode");
                    String vni = rec.options().get("dev.wharf.cluster.vni");
                    if (vni != null && !vni.isEmpty()) {
                        rtnl.delete("wvx" + vni);
                        floodEntries.remove("wvx" + vni);
                    }
                    networks.remove(rec.id());
                    LOG.info("removed local bridge of cluster network " + rec.name() + (mode != null ? " (" + mode + ")" : ""));
                } catch (RuntimeException e) {
                    LOG.warning("cannot remove cluster network " + rec.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private static boolean isCluster(NetworkRecord rec) {
        return rec.labels() != null && "true".equals(rec.labels().get(CLUSTER_LABEL));
    }

    /** Leaves routes, bridges and VXLAN devices in place: containers outlive the daemon (live restore). */
    @Override
    public synchronized void close() {
        netlink.close();
        rtnl.close();
    }
}
