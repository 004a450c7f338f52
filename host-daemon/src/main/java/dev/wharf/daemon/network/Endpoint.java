package dev.wharf.daemon.network;

import java.util.List;

/**
 * A container's interface on one network: {@code ifName} inside the namespace, {@code hostVeth} on the bridge.
 * {@code staticIp} records whether the address was asked for ({@code --ip}).
 */
public record Endpoint(
        String networkId,
        String endpointId,
        String ifName,
        String hostVeth,
        String ip,
        int prefixLen,
        String gateway,
        String mac,
        boolean staticIp,
        List<String> aliases) {
}
