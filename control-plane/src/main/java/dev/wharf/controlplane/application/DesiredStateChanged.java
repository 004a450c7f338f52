package dev.wharf.controlplane.application;

/**
 * CDI event: the desired state of a host changed. Fired inside the changing transaction; observers that push
 * to daemons observe it after a successful commit, so they never announce a change that rolled back.
 */
public record DesiredStateChanged(String hostId) {
}
