package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.domain.host.Host;
import java.time.Instant;
import java.util.Map;

/**
 * A host as the API shows it. {@code state} is {@code ready} or {@code down} (from heartbeats); {@code cordoned}
 * hosts take no new containers; {@code draining} ones are cordoned and their containers wait to move;
 * {@code connected} says whether its Docker API tunnel is up (logs, exec and pulls need it).
 */
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
        Instant lastHeartbeat,
        boolean cordoned,
        boolean draining,
        boolean connected) {

    static HostView of(HostSummary summary, boolean connected) {
        Host h = summary.host();
        return new HostView(h.id(), h.name(), h.address(), h.state().apiName(), h.daemonVersion(), h.cpus(),
                h.memoryBytes(), h.memoryUsedBytes(), h.cpuLoad(), h.labels(), summary.containerCount(),
                summary.imageCount(), h.registeredAt(), h.lastHeartbeat(), h.cordoned(), h.draining(), connected);
    }
}
