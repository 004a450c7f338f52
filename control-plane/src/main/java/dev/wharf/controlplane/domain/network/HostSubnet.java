package dev.wharf.controlplane.domain.network;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** The part of a network's pool that one host hands addresses out of. */
@Entity
@Table(name = "network_subnet")
public class HostSubnet {

    @Id
    private String id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "network_id")
    private Network network;

    @Column(name = "host_id", nullable = false)
    private String hostId;

    @Column(name = "subnet_index", nullable = false)
    private long subnetIndex;

    @Column(nullable = false)
    private String cidr;

    protected HostSubnet() {
        // for JPA
    }

    HostSubnet(Network network, String hostId, long subnetIndex, Ipv4Cidr cidr) {
        this.id = network.id() + "/" + subnetIndex;
        this.network = Objects.requireNonNull(network);
        this.hostId = Objects.requireNonNull(hostId);
        this.subnetIndex = subnetIndex;
        this.cidr = cidr.toString();
    }

    public String hostId() { return hostId; }
    public long subnetIndex() { return subnetIndex; }
    public String cidr() { return cidr; }
    public String gateway() { return Ipv4Cidr.parse(cidr).gateway(); }
}
