package dev.wharf.controlplane.domain.scheduling;

/**
 * What the containers placed on one host request in total (containers not marked removed).
 *
 * @param hostId     the host
 * @param cpus       sum of CPU requests
 * @param memory     sum of memory requests
 * @param containers how many
 */
public record HostLoad(String hostId, double cpus, long memory, long containers) {
}
