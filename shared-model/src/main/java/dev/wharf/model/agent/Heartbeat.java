package dev.wharf.model.agent;

import java.time.Instant;
import java.util.List;

/**
 * A daemon's periodic report of what is on its host: {@code POST /api/v1/agent/heartbeat}.
 *
 * <p>Each heartbeat carries the complete observed state (not a delta), so a lost or repeated heartbeat does no
 * harm: the control plane always compares the latest full picture with the desired state. A host whose last
 * heartbeat is older than the control plane's TTL is marked {@code down}.
 *
 * @param hostId          the id from {@link HostCredential#hostId()}
 * @param sentAt          when the daemon built this report
 * @param containers      every container on the host; never null after construction
 * @param imageIds        ids ({@code sha256:...}) of every image on the host; never null after construction
 * @param memoryUsedBytes memory in use on the host
 * @param cpuLoad         one-minute load average
 */
public record Heartbeat(
        String hostId,
        Instant sentAt,
        List<ObservedContainer> containers,
        List<String> imageIds,
        long memoryUsedBytes,
        double cpuLoad) {

    public Heartbeat {
        containers = containers == null ? List.of() : List.copyOf(containers);
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
    }
}
