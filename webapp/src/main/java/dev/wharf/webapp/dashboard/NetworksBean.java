package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.NetworkService;
import dev.wharf.controlplane.domain.network.HostSubnet;
import dev.wharf.controlplane.domain.network.Ipv4Cidr;
import dev.wharf.controlplane.domain.network.Network;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Networks and their IP pools: create, delete, each host's subnet and the addresses leased in it. */
@Named
@ViewScoped
public class NetworksBean implements Serializable {

    /** One host's part of a pool, with the containers holding an address in it. */
    public record SubnetRow(String host, String cidr, String gateway, long capacity,
                            List<ContainerListing.Address> leases) implements Serializable {
        public int getUsePercent() {
            return capacity == 0 ? 0 : (int) Math.min(100, Math.round(100.0 * leases.size() / capacity));
        }
    }

    /** A network as the table shows it. */
    public record NetworkRow(String id, String name, String cidr, int hostPrefix, long subnetCount,
                             List<SubnetRow> subnets, String createdBy) implements Serializable {
        public int getUsePercent() {
            return subnetCount == 0 ? 0 : (int) Math.min(100, Math.round(100.0 * subnets.size() / subnetCount));
        }
    }

    @Inject
    NetworkService networks;

    @Inject
    HostService hosts;

    @Inject
    ContainerListing containers;

    @Inject
    CurrentUser user;

    @Inject
    DashboardActions actions;

    private List<NetworkRow> rows;
    private String name;
    private String cidr;
    private Integer hostPrefix;

    @PostConstruct
    void load() {
        Map<String, String> hostNames = hosts.list().stream()
                .collect(Collectors.toMap(h -> h.host().id(), h -> h.host().name(), (a, b) -> a));
        List<ContainerListing.Address> addresses = containers.addresses();
        rows = new ArrayList<>();
        for (Network n : networks.list()) {
            List<SubnetRow> subnets = new ArrayList<>();
            for (HostSubnet s : n.subnets()) {
                Ipv4Cidr range = Ipv4Cidr.parse(s.cidr());
                List<ContainerListing.Address> leases = addresses.stream().filter(a -> inside(range, a.ip())).toList();
                subnets.add(new SubnetRow(hostNames.getOrDefault(s.hostId(), s.hostId()), s.cidr(), s.gateway(),
                        Math.max(0, range.size() - 3), leases));
            }
            rows.add(new NetworkRow(n.id(), n.name(), n.pool().toString(), n.hostPrefix(),
                    n.pool().subnetCount(n.hostPrefix()), subnets, n.createdBy()));
        }
    }

    public List<NetworkRow> getRows() { return rows; }

    public void create() {
        actions.call("create network", name, DashboardActions.CHANGERS,
                () -> networks.create(name, cidr, hostPrefix, user.require(DashboardActions.CHANGERS)),
                "Created network '" + name + "'").ifPresent(n -> {
                    name = null;
                    cidr = null;
                    hostPrefix = null;
                    load();
                });
    }

    public void remove(NetworkRow row) {
        if (actions.run("delete network", row.name(), DashboardActions.CHANGERS, () -> networks.remove(row.id()),
                "Deleted network '" + row.name() + "'")) {
            load();
        }
    }

    private static boolean inside(Ipv4Cidr range, String ip) {
        try {
            return ip != null && range.overlaps(Ipv4Cidr.parse(ip + "/32"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCidr() { return cidr; }
    public void setCidr(String cidr) { this.cidr = cidr; }
    public Integer getHostPrefix() { return hostPrefix; }
    public void setHostPrefix(Integer hostPrefix) { this.hostPrefix = hostPrefix; }
}
