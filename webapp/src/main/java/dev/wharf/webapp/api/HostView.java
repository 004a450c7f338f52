package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.domain.host.Host;
import java.time.Instant;
import java.util.Map;

/** A host as the API shows it. */
public record HostView(
        String id,
        String name,
        String address,
        String state,
        String daemonVersion,
        int cpus,
        long memoryBytes,
        long memoryUsedBytes,
        double cpuLoad,
        Map<String, String> labels,
        long containerCount,
        int imageCount,
        Instant registeredAt,
        Instant lastHeartbeat) {

    static HostView of(HostSummary summary) {
        Host h = summary.host();
        return new HostView(h.id(), h.name(), h.address(), h.state().apiName(), h.daemonVersion(), h.cpus(),
                h.memoryBytes(), h.memoryUsedBytes(), h.cpuLoad(), h.labels(), summary.containerCount(),
                summary.imageCount(), h.registeredAt(), h.lastHeartbeat());
    }
}
