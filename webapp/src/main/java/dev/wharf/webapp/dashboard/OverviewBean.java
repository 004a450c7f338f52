package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AuditLogListing;
import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.application.ImageService;
import dev.wharf.controlplane.application.NetworkService;
import dev.wharf.controlplane.domain.audit.AuditEvent;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.network.Network;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: hosts ready and down, containers by state, images, IP pool use and recent activity. The
 * page polls every few seconds and this bean is rebuilt for each poll, so every number is fresh.
 */
@Named
@RequestScoped
public class OverviewBean {

    static final Map<String, String> STATE_COLOURS = Map.of("running", "#22c55e", "pending", "#f59e0b",
            "created", "#3b82f6", "exited", "#64748b", "removing", "#a855f7", "dead", "#ef4444",
            "absent", "#ef4444", "paused", "#0ea5e9", "restarting", "#ec4899");

    @Inject
    HostService hostService;

    @Inject
    ContainerListing containers;

    @Inject
    ImageService images;

    @Inject
    NetworkService networks;

    @Inject
    AuditLogListing auditLog;

    @Inject
    CurrentUser user;

    private List<HostSummary> hosts;
    private Map<String, Long> byState;
    private List<Network> networkList;
    private int imageCount;

    @PostConstruct
    void load() {
        hosts = hostService.list();
        byState = containers.countByState();
        networkList = networks.list();
        imageCount = images.listAcrossHosts().size();
    }

    public List<HostSummary> getHosts() { return hosts; }

    public long getReadyHosts() {
        return hosts.stream().filter(h -> h.host().state() == HostState.READY).count();
    }

    public long getDownHosts() {
        return hosts.stream().filter(h -> h.host().state() == HostState.DOWN).count();
    }

    public long getContainers() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    public long getRunningContainers() {
        return byState.getOrDefault("running", 0L);
    }

    public int getImages() { return imageCount; }

    public int getNetworks() { return networkList.size(); }

    public Map<String, Long> getContainersByState() { return byState; }

    public String getStateChart() {
        return ChartJson.doughnut(byState, STATE_COLOURS);
    }

    public String getHostChart() {
        Map<String, Long> states = new LinkedHashMap<>();
        states.put("ready", getReadyHosts());
        states.put("down", getDownHosts());
        return ChartJson.doughnut(states, Map.of("ready", "#22c55e", "down", "#ef4444"));
    }

    /** Per network: the share of its per-host subnets already handed to hosts. */
    public String getPoolChart() {
        Map<String, Double> use = new LinkedHashMap<>();
        for (Network n : networkList) {
            long total = n.pool().subnetCount(n.hostPrefix());
            use.put(n.name() + " (" + n.pool() + ")", total == 0 ? 0 : 100.0 * n.subnets().size() / total);
        }
        return ChartJson.percentBars(use, "% of host subnets allocated");
    }

    public List<ContainerListing.Row> getNewestContainers() {
        return containers.newest(8);
    }

    /** The audit log is for admins; others see only the newest containers. */
    public List<AuditEvent> getRecentEvents() {
        return user.isAdmin() ? auditLog.page(AuditLogListing.Filter.NONE, 0, 10) : List.of();
    }
}
