package dev.wharf.daemon.agent;

import dev.wharf.model.agent.DesiredState;

/**
 * Makes the host match what the control plane wants. Must be idempotent and level-triggered: it is called
 * with the complete desired state after every heartbeat, repeated or not.
 */
@FunctionalInterface
public interface DesiredStateApplier {
    void apply(DesiredState desired);
}
