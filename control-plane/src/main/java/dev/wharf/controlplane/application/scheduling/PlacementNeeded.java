package dev.wharf.controlplane.application.scheduling;

/**
 * CDI event: something may now be placeable (a container was queued, a host joined or came back, a drain started).
 * The scheduling loop runs a pass soon after the firing transaction commits instead of waiting for its tick.
 */
public record PlacementNeeded(String why) {
}
