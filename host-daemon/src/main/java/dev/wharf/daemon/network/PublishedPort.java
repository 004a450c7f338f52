package dev.wharf.daemon.network;

/** A port mapping in effect: {@code hostIp} is "" for every host address, as in Docker's API. */
public record PublishedPort(int containerPort, String proto, String hostIp, int hostPort) {
    public String key() {
        return containerPort + "/" + proto;
    }
}
