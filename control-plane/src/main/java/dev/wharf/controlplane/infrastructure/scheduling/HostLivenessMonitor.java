package dev.wharf.controlplane.infrastructure.scheduling;

import dev.wharf.controlplane.application.AgentService;
import dev.wharf.controlplane.domain.host.HostLiveness;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every two seconds, marks hosts down whose heartbeats stopped (see {@link HostLiveness}). */
@Singleton
public class HostLivenessMonitor {

    private static final Logger LOG = Logger.getLogger(HostLivenessMonitor.class.getName());
    private final HostLiveness liveness = HostLiveness.fromSystemProperties();

    @Inject
    AgentService agents;

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false, info = "host liveness")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void markSilentHostsDown() {
        try {
            agents.markSilentHostsDown(liveness);
        } catch (RuntimeException e) {
            // a failed round must not cancel the timer; the next one retries
            LOG.log(Level.WARNING, "host liveness check failed", e);
        }
    }
}
