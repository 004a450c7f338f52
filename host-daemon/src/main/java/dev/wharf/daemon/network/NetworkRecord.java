package dev.wharf.daemon.network;

import java.util.Map;

/**
 * A network as persisted under {@code <data-root>/network/networks/<id>.json}. {@code driver} is
 * {@code bridge}, {@code host} or {@code null} (the {@code none} network); bridge networks have a Linux bridge
 * and an address pool of the same id.
 */
public record NetworkRecord(
        String id,
        String name,
        String driver,
        String bridge,
        String subnet,
        String ipRange,
        String gateway,
        boolean internal,
        boolean attachable,
        boolean builtin,
        Map<String, String> labels,
        Map<String, String> options,
        String created) {

    public boolean bridgeDriver() {
        return "bridge".equals(driver);
    }

    /** The default {@code bridge} network: no name resolution between its containers, as in Docker. */
    public boolean defaultBridgeNetwork() {
        return builtin && bridgeDriver();
    }
}
