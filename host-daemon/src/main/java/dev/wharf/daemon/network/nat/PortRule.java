package dev.wharf.daemon.network.nat;

/**
 * One published port: host {@code hostIp:hostPort/proto} (hostIp null or empty = every host address) forwarded to
 * {@code containerIp:containerPort}.
 */
public record PortRule(String containerId, String proto, String hostIp, int hostPort, String containerIp, int containerPort) {
}
