package dev.wharf.controlplane.domain.network;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster-wide bridge network with an IPv4 pool. The pool is split into equal per-host subnets (a {@code /24}
 * by default), so each host hands out addresses from its own subnet without asking anyone: no two hosts can
 * give out the same address.
 */
@Entity
@Table(name = "network")
@NamedQuery(name = "Network.findAll", query = "select n from Network n order by n.name")
@NamedQuery(name = "Network.findByName", query = "select n from Network n where n.name = :name")
public class Network {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String cidr;

    @Column(name = "host_prefix", nullable = false)
    private int hostPrefix;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    /** {@code routed} (hosts on one L2 segment: a route per peer subnet) or {@code vxlan} (an overlay). */
    @Column(nullable = false)
    private String mode = "routed";

    /** The VXLAN network identifier in vxlan mode. */
    private Integer vni;

    @OneToMany(mappedBy = "network", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("subnetIndex")
    private List<HostSubnet> subnets = new ArrayList<>();

    protected Network() {
        // for JPA
    }

    public Network(String id, String name, Ipv4Cidr cidr, int hostPrefix, String createdBy, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.cidr = cidr.toString();
        this.hostPrefix = hostPrefix;
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(now);
    }

    /**
     * The host's subnet, allocated now (the lowest free one) if it has none yet.
     *
     * @return empty when every subnet of the pool is taken
     */
    public Optional<HostSubnet> subnetFor(String hostId) {
        for (HostSubnet s : subnets) {
            if (s.hostId().equals(hostId)) {
                return Optional.of(s);
            }
        }
        Ipv4Cidr pool = pool();
        long count = pool.subnetCount(hostPrefix);
        boolean[] taken = new boolean[(int) Math.min(count, Integer.MAX_VALUE - 8)];
        subnets.forEach(s -> taken[(int) s.subnetIndex()] = true);
        for (int i = 0; i < taken.length; i++) {
            if (!taken[i]) {
                HostSubnet subnet = new HostSubnet(this, hostId, i, pool.subnet(hostPrefix, i));
                subnets.add(subnet);
                return Optional.of(subnet);
            }
        }
        return Optional.empty();
    }

    public Ipv4Cidr pool() {
        return Ipv4Cidr.parse(cidr);
    }

    public String id() { return id; }
    public String name() { return name; }
    public int hostPrefix() { return hostPrefix; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public List<HostSubnet> subnets() { return List.copyOf(subnets); }

    /** Sets how hosts reach each other's subnets: {@code routed}, or {@code vxlan} with a VNI. */
    public void mode(String newMode, Integer newVni) {
        this.mode = newMode;
        this.vni = newVni;
    }

    public String mode() { return mode == null ? "routed" : mode; }
    public Integer vni() { return vni; }
}
