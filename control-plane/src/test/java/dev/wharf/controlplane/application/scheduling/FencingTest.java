package dev.wharf.controlplane.application.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.model.agent.ObservedContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What moving a container's work off a host does to the old and the new record. */
class FencingTest {

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final ContainerSpec spec = new ContainerSpec("busybox", List.of("httpd"), null, null, null, null,
            List.of("8080:80"), null, null, null, "always", "apps", null);

    private Container running(String name, String host) {
        Container c = Replacements.newContainer(name, spec, host, "admin", now);
        c.desire(DesiredContainerState.RUNNING);
        return c;
    }

    @Test
    void theOldCopyIsRemovedAtAHigherGenerationAndItsReplacementTakesTheName() {
        Container old = running("web", "host-b");
        long generation = old.generation();
        old.fence(null);
        Replacements.freeName(old);
        Container replacement = Replacements.replacementOf(old, DesiredContainerState.RUNNING, null, "host-b", 1, now, now);

        assertEquals(DesiredContainerState.REMOVED, old.desiredState());
        assertEquals(generation + 1, old.generation(), "a host that comes back sees a newer generation: removed");
        assertTrue(old.name().startsWith("web-moved-"), old.name());
        assertEquals("web", replacement.name());
        assertNotEquals(old.id(), replacement.id(), "a new id: the two copies are never confused");
        assertTrue(replacement.pending());
        assertEquals("host-b", replacement.avoidHostId());
        assertEquals(DesiredContainerState.RUNNING, replacement.desiredState());
        assertEquals("8080/tcp", replacement.hostPorts());
        assertEquals(old.id(), replacement.replacesId());
        assertEquals(replacement.id(), old.replacedBy());
    }

    @Test
    void fencingTwiceDoesNotBumpTheGenerationAgainAndAFencedContainerCannotBeRevived() {
        Container old = running("db", "host-b");
        old.fence(null);
        long generation = old.generation();
        old.fence(null);
        assertEquals(generation, old.generation());
        assertFalse(old.desire(DesiredContainerState.RUNNING));
        old.restart();
        assertEquals(DesiredContainerState.REMOVED, old.desiredState());
    }

    @Test
    void aReplicaReplacementGetsAFreshReplicaName() {
        Container replica = running("web.3.abcdef", "host-b");
        replica.serviceReplica("svc1", 3, 2);
        Container r = Replacements.replacementOf(replica, DesiredContainerState.RUNNING, null, "host-b", 1, now, now);
        assertTrue(r.name().matches("web\\.3\\.[0-9a-f]{6}"), r.name());
        assertNotEquals(replica.name(), r.name());
        assertEquals(3, r.serviceSlot());
        assertEquals(2L, r.serviceVersion());
        assertEquals("svc1", r.serviceId());
    }

    @Test
    void aReplacementCountsAsRunningOnlyOnceReportedAtItsGeneration() {
        Container c = running("web", "host-a");
        assertFalse(c.observedRunning());
        c.observed(new ObservedContainer(c.id(), "web", "busybox", "running", null, "10.0.0.2", c.generation() - 1), now);
        assertFalse(c.observedRunning(), "an older generation is a stale report");
        c.observed(new ObservedContainer(c.id(), "web", "busybox", "running", null, "10.0.0.2", c.generation()), now);
        assertTrue(c.observedRunning());
    }

    @Test
    void theFirstMoveIsImmediateThenTheDelayDoublesUpToTheCap() {
        assertEquals(Duration.ZERO, SchedulingSettings.rescheduleDelay(0));
        assertEquals(Duration.ofSeconds(5), SchedulingSettings.rescheduleDelay(1));
        assertEquals(Duration.ofSeconds(10), SchedulingSettings.rescheduleDelay(2));
        assertEquals(Duration.ofSeconds(40), SchedulingSettings.rescheduleDelay(4));
        assertEquals(Duration.ofSeconds(300), SchedulingSettings.rescheduleDelay(30));
    }

    @Test
    void aContainerWithoutRestartPolicyIsNotMoved() {
        assertFalse(new ContainerSpec("busybox", null, null, null).movesOnHostLoss());
        assertFalse(new ContainerSpec("busybox", null, null, null, null, null, null, null, null, null, "no", null, null).movesOnHostLoss());
        assertTrue(spec.movesOnHostLoss());
        assertNull(new ContainerSpec("busybox", null, null, null).restartPolicy());
    }
}
