package dev.wharf.daemon.network;

import dev.wharf.daemon.network.ipam.Subnet;
import dev.wharf.daemon.network.nat.NatNetwork;
import dev.wharf.daemon.network.nat.NatTable;
import dev.wharf.daemon.network.nat.Nftables;
import dev.wharf.daemon.network.nat.PortRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps Wharf's nft table equal to the state: each change recomputes the whole batch and applies it only when
 * it differs from the last one applied (containers without published ports cost nothing here).
 */
final class Firewall implements AutoCloseable {
    /** Network option naming a cluster network's whole pool (set by the cluster network code): not masqueraded. */
    static final String CLUSTER_POOL_OPTION = "dev.wharf.cluster.pool";

    private final NatTable table;
    private Nftables nft;
    private String applied;

    Firewall(String tableName) {
        this.table = new NatTable(tableName);
    }

    String tableName() {
        return table.name();
    }

    synchronized void apply(Collection<NetworkRecord> networks, Collection<Sandbox> sandboxes) {
        List<NatNetwork> nets = new ArrayList<>();
        for (NetworkRecord n : networks) {
            if (n.bridgeDriver()) {
                String pool = n.options() == null ? null : n.options().get(CLUSTER_POOL_OPTION);
                nets.add(new NatNetwork(n.bridge(), Subnet.parse(n.subnet()), n.internal(), pool == null ? null : Subnet.parse(pool)));
            }
        }
        List<PortRule> rules = new ArrayList<>();
        for (Sandbox s : sandboxes) {
            if (s.ports().isEmpty() || s.endpoints().isEmpty()) {
                continue;
            }
            Endpoint primary = s.endpoints().get(0);
            for (PublishedPort p : s.ports()) {
                rules.add(new PortRule(s.containerId().substring(0, 12), p.proto(), p.hostIp(), p.hostPort(), primary.ip(), p.containerPort()));
            }
        }
        String doc = table.document(nets, rules);
        if (doc.equals(applied)) {
            return;
        }
        if (nft == null) {
            nft = new Nftables();
        }
        nft.run(doc);
        applied = doc;
    }

    /** Removes the table (tests, and a daemon told to leave no trace). */
    synchronized void remove() {
        if (nft == null) {
            nft = new Nftables();
        }
        nft.run(table.deleteDocument());
        applied = null;
    }

    @Override
    public synchronized void close() {
        if (nft != null) {
            nft.close();
            nft = null;
        }
    }
}
