package dev.wharf.daemon.network.ipam;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This host's IPv4 address management, after moby's ipamapi contract: pools (subnet, optional ip-range,
 * gateway) are requested and released; addresses are requested (any free one, or a preferred one) and released
 * per pool. No address is ever held twice. Pools are written to one JSON file (atomic rename) when they change.
 * Address leases are not written here: the caller persists each lease inside its endpoint record (one write
 * per container instead of two) and hands them back with {@link #restoreLease} at start.
 */
public final class LocalIpam {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path stateFile;
    private final SubnetSource defaults;
    private final Supplier<List<Subnet>> hostRoutes;
    private final Map<String, AddressPool> pools = new LinkedHashMap<>();

    /**
     * @param hostRoutes the destinations of the host's routes, which automatically chosen subnets avoid
     */
    public LocalIpam(Path stateFile, SubnetSource defaults, Supplier<List<Subnet>> hostRoutes) throws IOException {
        this.stateFile = stateFile;
        this.defaults = defaults;
        this.hostRoutes = hostRoutes;
        load();
    }

    /**
     * Reserves a pool for {@code poolId}. Without a subnet one is drawn from the default pools that overlaps
     * neither another pool nor a host route. With one, overlapping another pool is refused.
     */
    public synchronized AddressPool requestPool(String poolId, String subnet, String ipRange, String gateway) {
        if (pools.containsKey(poolId)) {
            throw new IpamException(IpamException.Kind.INVALID, "pool " + poolId + " already exists");
        }
        Subnet s;
        if (subnet == null || subnet.isEmpty()) {
            if ((ipRange != null && !ipRange.isEmpty()) || (gateway != null && !gateway.isEmpty())) {
                throw new IpamException(IpamException.Kind.INVALID, "ip-range and gateway need an explicit subnet");
            }
            List<Subnet> routes = hostRoutes.get();
            s = defaults.next(c -> pools.values().stream().noneMatch(p -> p.subnet().overlaps(c))
                    && routes.stream().filter(r -> r.prefixLen() > 0).noneMatch(r -> r.overlaps(c)));
        } else {
            s = parse(() -> Subnet.parse(subnet));
            for (AddressPool p : pools.values()) {
                if (p.subnet().overlaps(s)) {
                    throw new IpamException(IpamException.Kind.POOL_OVERLAP,
                            "invalid pool request: Pool overlaps with other one on this address space (" + s + " overlaps " + p.subnet() + ")");
                }
            }
        }
        Subnet range = ipRange == null || ipRange.isEmpty() ? s : parse(() -> Subnet.parse(ipRange));
        int gw = gateway == null || gateway.isEmpty() ? s.base() + 1 : parse(() -> Subnet.parseAddress(gateway, gateway));
        AddressPool pool = new AddressPool(poolId, s, range, gw);
        pools.put(poolId, pool);
        save();
        return pool;
    }

    public synchronized void releasePool(String poolId) {
        if (pools.remove(poolId) != null) {
            save();
        }
    }

    public synchronized Optional<AddressPool> pool(String poolId) {
        return Optional.ofNullable(pools.get(poolId));
    }

    /** A free address for {@code owner}, or exactly {@code preferred} (a static address) when given. */
    public synchronized Inet4Address requestAddress(String poolId, Inet4Address preferred, String owner) {
        AddressPool p = existing(poolId);
        int a;
        if (preferred != null) {
            a = Subnet.toInt(preferred);
            p.allocate(a, owner);
        } else {
            a = p.allocate(owner);
        }
        return Subnet.inet(a);
    }

    public synchronized void releaseAddress(String poolId, Inet4Address address) {
        AddressPool p = pools.get(poolId);
        if (p != null) {
            p.release(Subnet.toInt(address));
        }
    }

    /** Re-registers a lease found in a persisted endpoint (daemon start); a conflicting one is refused. */
    public synchronized void restoreLease(String poolId, Inet4Address address, String owner) {
        existing(poolId).allocate(Subnet.toInt(address), owner);
    }

    /** Releases every lease whose owner is not in {@code keep}: leases of endpoints lost in a crash. */
    public synchronized int releaseUnless(java.util.Set<String> keep) {
        int n = 0;
        for (AddressPool p : pools.values()) {
            var it = p.holders().entrySet().iterator();
            while (it.hasNext()) {
                String owner = it.next().getValue();
                if (!owner.equals(AddressPool.GATEWAY) && !keep.contains(owner)) {
                    it.remove();
                    n++;
                }
            }
        }
        return n;
    }

    private AddressPool existing(String poolId) {
        AddressPool p = pools.get(poolId);
        if (p == null) {
            throw new IpamException(IpamException.Kind.NOT_FOUND, "no address pool " + poolId);
        }
        return p;
    }

    private static <T> T parse(Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IpamException(IpamException.Kind.INVALID, e.getMessage());
        }
    }

    private void save() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AddressPool p : pools.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("subnet", p.subnet().toString());
            m.put("range", p.range().toString());
            m.put("gateway", Subnet.format(p.gateway()));
            m.put("cursor", Subnet.format(p.cursor()));
            out.add(m);
        }
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(Map.of("pools", out)));
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IPAM state " + stateFile, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void load() throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        Map<String, Object> root = JSON.readValue(stateFile.toFile(), Map.class);
        for (Map<String, Object> m : (List<Map<String, Object>>) root.getOrDefault("pools", List.of())) {
            String id = (String) m.get("id");
            String gw = (String) m.get("gateway");
            AddressPool p = new AddressPool(id, Subnet.parse((String) m.get("subnet")), Subnet.parse((String) m.get("range")),
                    Subnet.parseAddress(gw, gw));
            String cursor = (String) m.get("cursor");
            p.cursor(Subnet.parseAddress(cursor, cursor));
            pools.put(id, p);
        }
    }
}
