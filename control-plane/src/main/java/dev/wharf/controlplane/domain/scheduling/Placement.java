package dev.wharf.controlplane.domain.scheduling;

/**
 * The scheduler's answer for one container: the host, or why there is none.
 *
 * @param containerId the container
 * @param hostId      the chosen host, or null when nothing fits
 * @param reason      why nothing fits (e.g. {@code 3 hosts: 2 lack memory, 1 cordoned}), null when placed
 */
public record Placement(String containerId, String hostId, String reason) {

    public boolean placed() {
        return hostId != null;
    }
}
