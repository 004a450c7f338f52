package dev.wharf.controlplane.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.host.Host;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostSchedulingFlagsTest {

    private final Host host = new Host("h1", "node-a", Instant.now());

    @Test
    void cordonStopsPlacementAndUncordonRestoresIt() {
        assertTrue(host.acceptsContainers());
        host.cordon();
        assertFalse(host.acceptsContainers());
        assertFalse(host.draining());
        host.uncordon();
        assertTrue(host.acceptsContainers());
    }

    @Test
    void drainCordonsAndUncordonEndsTheDrain() {
        host.drain();
        assertTrue(host.cordoned());
        assertTrue(host.draining());
        assertFalse(host.acceptsContainers());
        host.uncordon();
        assertFalse(host.draining());
    }

    @Test
    void operatorLabelsSurviveAReRegistrationThatReportsOtherLabels() {
        host.labels(Map.of("rack", "r1", "zone", "a"));
        host.registered("10.0.0.1", "1.0", 4, 1L << 30, Map.of("zone", "b"), "hash", Instant.now());
        assertEquals(Map.of("rack", "r1", "zone", "b"), host.labels());
    }
}
