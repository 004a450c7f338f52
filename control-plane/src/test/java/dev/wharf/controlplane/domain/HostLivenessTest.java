package dev.wharf.controlplane.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostLiveness;
import dev.wharf.controlplane.domain.host.HostState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostLivenessTest {

    @Test
    void byDefaultAHostIsDownTwentyFiveSecondsAfterItsLastHeartbeat() {
        Instant now = Instant.parse("2026-01-01T00:00:30Z");
        assertEquals(Instant.parse("2026-01-01T00:00:05Z"), HostLiveness.DEFAULT.cutoff(now));
    }

    @Test
    void ttlAndGraceComeFromSystemProperties() {
        System.setProperty("wharf.heartbeat.ttl-seconds", "3");
        System.setProperty("wharf.heartbeat.grace-seconds", "1");
        try {
            HostLiveness liveness = HostLiveness.fromSystemProperties();
            assertEquals(Duration.ofSeconds(3), liveness.ttl());
            assertEquals(Duration.ofSeconds(1), liveness.grace());
        } finally {
            System.clearProperty("wharf.heartbeat.ttl-seconds");
            System.clearProperty("wharf.heartbeat.grace-seconds");
        }
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HostLiveness(Duration.ofSeconds(-1), Duration.ZERO));
    }

    @Test
    void aHeartbeatMakesADownHostReadyAgain() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Host host = new Host("h1", "node1", t0);
        host.registered("10.0.0.1", "0.1", 2, 1024, Map.of("zone", "a"), "hash", t0);
        assertEquals(HostState.READY, host.state());
        assertEquals(Map.of("zone", "a"), host.labels());
        host.heartbeat(t0.plusSeconds(60));
        assertEquals(t0.plusSeconds(60), host.lastHeartbeat());
    }
}
