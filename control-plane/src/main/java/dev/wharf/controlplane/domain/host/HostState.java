package dev.wharf.controlplane.domain.host;

/** Whether a host is reachable, as judged from its heartbeats. */
public enum HostState {
    /** Heartbeats arrive within the TTL. */
    READY,
    /** No heartbeat within the TTL plus grace. */
    DOWN;

    /** The word used in the API: {@code ready}, {@code down}. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
