package dev.wharf.model.agent;

/**
 * One container the control plane wants on a host.
 *
 * <p>The daemon reconciles level-triggered: it makes the host match this entry whatever it did before.
 * {@code generation} grows with every change of the desired state (a restart is a new generation with the
 * same state {@code running}); a daemon that already applied a
 * generation (it reports it in {@link ObservedContainer#generation()}) need not act again, so repeated
 * messages create no duplicate container.
 *
 * @param id         the container id to use on the host (64 hex characters, like Docker's)
 * @param name       the container name to use on the host
 * @param spec       how to create the container
 * @param state      what the container should be: {@code created} (exists, not started), {@code running},
 *                   {@code stopped} (exists, not running) or {@code removed} (must not exist)
 * @param generation the version of this desired state
 */
public record DesiredContainer(
        String id,
        String name,
        ContainerSpec spec,
        String state,
        long generation) {
}
