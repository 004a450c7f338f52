package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.network.Ipv4Cidr;
import dev.wharf.controlplane.domain.network.Network;
import dev.wharf.controlplane.domain.network.NetworkRepository;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/** Cluster networks and their IP pools, split into one subnet per host. */
@ApplicationScoped
@Transactional
public class NetworkService {

    /** Each host gets a /24 unless asked otherwise: 253 containers per host and network. */
    public static final int DEFAULT_HOST_PREFIX = 24;
    /** At most 65,536 host subnets per network, so allocation stays a cheap scan. */
    private static final int MAX_SPLIT_BITS = 16;

    private static final Logger LOG = Logger.getLogger(NetworkService.class.getName());

    @Inject
    NetworkRepository networks;

    @Inject
    HostRepository hosts;

    public Network create(String name, String cidr, Integer hostPrefix, Caller caller) {
        return create(name, cidr, hostPrefix, null, null, caller);
    }

    /**
     * Creates a cluster network. {@code mode} is how hosts reach each other's subnets: {@code routed} (default;
     * hosts on one L2 segment) or {@code vxlan} (an overlay with the VNI {@code vni}, 1..16777215, chosen when
     * null).
     */
    public Network create(String name, String cidr, Integer hostPrefix, String mode, Integer vni, Caller caller) {
        String netMode = mode == null || mode.isBlank() ? "routed" : mode;
        Validation validation = new Validation()
                .notBlank(name, "name")
                .require(name == null || name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}"), "name",
                        "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* and be at most 64 characters");
        Ipv4Cidr pool = null;
        try {
            pool = Ipv4Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            validation.require(false, "cidr", e.getMessage());
        }
        int prefix = hostPrefix == null ? DEFAULT_HOST_PREFIX : hostPrefix;
        if (pool != null) {
            validation.require(prefix >= pool.prefix() && prefix <= 30, "hostPrefix",
                    "must be between the pool's prefix length (" + pool.prefix() + ") and 30");
            validation.require(prefix - pool.prefix() <= MAX_SPLIT_BITS, "hostPrefix",
                    "splits the pool into more than 65536 host subnets");
        }
        validation.require(netMode.equals("routed") || netMode.equals("vxlan"), "mode", "must be routed or vxlan");
        validation.require(vni == null || (vni >= 1 && vni <= 16_777_215), "vni", "must be 1..16777215");
        validation.require(vni == null || netMode.equals("vxlan"), "vni", "is only for mode vxlan");
        validation.check();
        if (networks.findByName(name).isPresent()) {
            throw new ConflictException("a network named '" + name + "' already exists",
                    List.of(new FieldError("name", "is taken")));
        }
        for (Network other : networks.findAll()) {
            if (other.pool().overlaps(pool)) {
                throw new ConflictException("pool " + pool + " overlaps network '" + other.name() + "' ("
                        + other.pool() + ")", List.of(new FieldError("cidr", "overlaps network '" + other.name()
                        + "' (" + other.pool() + ")")));
            }
        }
        Network network = new Network(UUID.randomUUID().toString(), name, pool, prefix, caller.username(),
                Instant.now());
        if (netMode.equals("vxlan")) {
            // VNIs from 4097 up, one past the highest in use
            int chosen = vni != null ? vni : Math.max(4096, networks.findAll().stream().map(Network::vni)
                    .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).max().orElse(0)) + 1;
            network.mode("vxlan", chosen);
        }
        hosts.findAll().forEach(h -> allocate(network, h));
        networks.store(network);
        return network;
    }

    public List<Network> list() {
        return networks.findAll();
    }

    public Network get(String idOrName) {
        return networks.find(idOrName).or(() -> networks.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("network", idOrName));
    }

    public void remove(String idOrName) {
        networks.remove(get(idOrName));
    }

    /** Gives a (new) host its subnet in every network. */
    public void allocateSubnets(Host host) {
        networks.findAll().forEach(n -> allocate(n, host));
    }

    private static void allocate(Network network, Host host) {
        if (network.subnetFor(host.id()).isEmpty()) {
            LOG.warning(() -> "network " + network.name() + " has no free subnet for host " + host.name());
        }
    }
}
