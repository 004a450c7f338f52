package dev.wharf.daemon.network;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.network.ipam.LocalIpam;
import dev.wharf.daemon.network.netns.NetnsThread;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything networking knows, in memory and on disk under {@code <data-root>/network}: networks, running
 * containers' sandboxes, containers' wanted networks, and the IPAM leases. All changes hold this object's
 * monitor, so the records, the kernel objects and the nft table move together.
 */
final class NetworkState {
    final Path execRoot;
    final Path filesDir;
    final RecordStore<NetworkRecord> networkStore;
    final RecordStore<Sandbox> sandboxStore;
    final RecordStore<NetworkRequest> wantedStore;
    final LocalIpam ipam;
    final BridgeDriver driver;
    final Firewall firewall;
    final NetnsThread netns;
    final EtcFiles etc;
    final Map<String, NetworkRecord> networks = new LinkedHashMap<>();
    final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    final Map<String, NetworkRequest> wanted = new LinkedHashMap<>();

    NetworkState(Path dataRoot, Path execRoot, LocalIpam ipam, BridgeDriver driver, Firewall firewall, NetnsThread netns, EtcFiles etc)
            throws IOException {
        Path root = dataRoot.resolve("network");
        this.execRoot = execRoot;
        this.filesDir = root.resolve("files");
        this.networkStore = new RecordStore<>(root.resolve("networks"), NetworkRecord.class);
        this.sandboxStore = new RecordStore<>(root.resolve("sandboxes"), Sandbox.class);
        this.wantedStore = new RecordStore<>(root.resolve("containers"), NetworkRequest.class);
        this.ipam = ipam;
        this.driver = driver;
        this.firewall = firewall;
        this.netns = netns;
        this.etc = etc;
    }

    Path netnsDir() {
        return execRoot.resolve("netns");
    }

    /** By exact id, exact name, then unique id prefix — Docker's lookup order. */
    synchronized Optional<NetworkRecord> find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            return Optional.empty();
        }
        NetworkRecord byId = networks.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        for (NetworkRecord n : networks.values()) {
            if (n.name().equals(idOrName)) {
                return Optional.of(n);
            }
        }
        List<NetworkRecord> prefixed = networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
        if (prefixed.size() > 1) {
            throw ApiException.badRequest("network " + idOrName + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        return prefixed.stream().findFirst();
    }

    NetworkRecord require(String idOrName) {
        return find(idOrName).orElseThrow(() -> ApiException.notFound("network " + idOrName + " not found"));
    }

    NetworkRecord defaultBridge() {
        return networks.values().stream().filter(NetworkRecord::defaultBridgeNetwork).findFirst().orElseThrow();
    }

    /** Sandboxes with an endpoint on the network. */
    synchronized List<Sandbox> sandboxesOn(String networkId) {
        List<Sandbox> out = new ArrayList<>();
        for (Sandbox s : sandboxes.values()) {
            if (s.endpoints().stream().anyMatch(e -> e.networkId().equals(networkId))) {
                out.add(s);
            }
        }
        return out;
    }

    synchronized void applyFirewall() {
        firewall.apply(networks.values(), sandboxes.values());
    }

    synchronized Collection<Sandbox> allSandboxes() {
        return List.copyOf(sandboxes.values());
    }
}
