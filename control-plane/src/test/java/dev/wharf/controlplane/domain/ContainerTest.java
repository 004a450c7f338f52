package dev.wharf.controlplane.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.model.agent.ObservedContainer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerTest {

    private final Container container = new Container("c1", "web", new ContainerSpec("busybox", null, null, null),
            "h1", "admin", Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aNewContainerIsCreatedAtGenerationOne() {
        assertEquals(DesiredContainerState.CREATED, container.desiredState());
        assertEquals(1, container.generation());
        assertNull(container.observedState());
    }

    @Test
    void everyChangeOfDesiredStateIsANewGeneration() {
        assertTrue(container.desire(DesiredContainerState.RUNNING));
        assertTrue(container.desire(DesiredContainerState.STOPPED));
        assertEquals(3, container.generation());
    }

    @Test
    void askingForTheCurrentStateAgainChangesNothing() {
        container.desire(DesiredContainerState.RUNNING);
        assertFalse(container.desire(DesiredContainerState.RUNNING));
        assertEquals(2, container.generation());
    }

    @Test
    void aRemovedContainerStaysRemoved() {
        container.desire(DesiredContainerState.REMOVED);
        assertFalse(container.desire(DesiredContainerState.RUNNING));
        assertEquals(DesiredContainerState.REMOVED, container.desiredState());
    }

    @Test
    void observedStateIsTakenFromTheDaemonsReport() {
        Instant now = Instant.parse("2026-01-01T00:01:00Z");
        container.observed(new ObservedContainer("c1", "web", "busybox", "exited", 3, "10.0.0.2", 1), now);
        assertEquals("exited", container.observedState());
        assertEquals(3, container.exitCode());
        assertEquals("10.0.0.2", container.ipAddress());
        assertEquals(1, container.observedGeneration());
        container.observedAbsent(now);
        assertEquals("absent", container.observedState());
    }
}
