package dev.wharf.controlplane.domain.host;

import java.time.Duration;
import java.time.Instant;

/**
 * When a silent host counts as down: its daemon heartbeats every few seconds, the TTL says how long a
 * heartbeat stays valid, and the grace absorbs a slow network or a long GC pause.
 *
 * @param ttl   how long one heartbeat keeps a host ready
 * @param grace extra time before the host is declared down
 */
public record HostLiveness(Duration ttl, Duration grace) {

    public static final HostLiveness DEFAULT = new HostLiveness(Duration.ofSeconds(15), Duration.ofSeconds(10));

    public HostLiveness {
        if (ttl.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("heartbeat TTL and grace must not be negative");
        }
    }

    /** Hosts whose last heartbeat is before this instant are down. */
    public Instant cutoff(Instant now) {
        return now.minus(ttl).minus(grace);
    }

    /** Reads {@code wharf.heartbeat.ttl-seconds} and {@code wharf.heartbeat.grace-seconds} (defaults 15 and 10). */
    public static HostLiveness fromSystemProperties() {
        return new HostLiveness(
                Duration.ofSeconds(Long.getLong("wharf.heartbeat.ttl-seconds", DEFAULT.ttl().toSeconds())),
                Duration.ofSeconds(Long.getLong("wharf.heartbeat.grace-seconds", DEFAULT.grace().toSeconds())));
    }
}
