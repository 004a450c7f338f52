package dev.wharf.daemon.network;

import dev.wharf.daemon.network.ipam.IpamException;
import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.daemon.network.netns.NetnsThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Start-up after a stop or a crash: leases back into IPAM, and kernel objects no record claims removed. */
final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

    private Recovery() {
    }

    /** A sandbox record holds its leases: they go back into IPAM before anything new is handed out. */
    static void restoreLeases(NetworkState st) {
        for (Sandbox s : st.sandboxes.values()) {
            for (Endpoint e : s.endpoints()) {
                try {
                    st.ipam.restoreLease(e.networkId(), BridgeDriver.ip(e.ip()), s.containerId());
                } catch (IpamException ex) {
                    LOG.warning("cannot restore the lease of " + e.ip() + " for " + s.containerId() + ": " + ex.getMessage());
                }
            }
        }
    }

    /** Namespace files and veths of ours that no sandbox record claims: remains of a crash mid-set-up. */
    static void sweepOrphans(NetworkState st, Rtnl host) throws IOException {
        Set<String> claimedNs = new HashSet<>();
        Set<String> claimedVeths = new HashSet<>();
        for (Sandbox s : st.sandboxes.values()) {
            if (s.netnsPath() != null) {
                claimedNs.add(Path.of(s.netnsPath()).getFileName().toString());
            }
            s.endpoints().forEach(e -> claimedVeths.add(e.hostVeth()));
        }
        if (Files.isDirectory(st.netnsDir())) {
            try (Stream<Path> files = Files.list(st.netnsDir())) {
                for (Path f : files.toList()) {
                    if (!claimedNs.contains(f.getFileName().toString())) {
                        LOG.info("removing orphaned network namespace " + f);
                        NetnsThread.remove(f);
                    }
                }
            }
        }
        Map<Integer, String> ourBridges = new HashMap<>();
        for (NetworkRecord n : st.networks.values()) {
            if (n.bridgeDriver()) {
                int idx = host.index(n.bridge());
                if (idx > 0) {
                    ourBridges.put(idx, n.bridge());
                }
            }
        }
        for (Rtnl.Link l : host.links()) {
            if (ourBridges.containsKey(l.master()) && l.name() != null && l.name().startsWith("wv") && !claimedVeths.contains(l.name())) {
                LOG.info("removing orphaned veth " + l.name());
                host.delete(l.name());
            }
        }
    }

}
