package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.application.DesiredStateChanged;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.scheduling.HostCandidate;
import dev.wharf.controlplane.domain.scheduling.Placement;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import dev.wharf.controlplane.domain.scheduling.PlacementRequest;
import dev.wharf.controlplane.domain.scheduling.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Moves work off hosts that are lost or drained, without ever running it twice.
 *
 * <p><b>Lost host</b> (down: no heartbeat within TTL + grace): each running container with a restart policy
 * other than {@code no}, and each service replica, is <i>fenced</i> — its desired state becomes {@code removed}
 * at a higher generation — and a replacement with a new id is queued for placement elsewhere. The first move is
 * immediate; a container whose work moves again soon after waits longer each time (back-off). When the host comes
 * back, its daemon sees the higher generation and stops and removes its stale copies; the host's addresses stay
 * its own (its subnet is never handed to another host while it is in the cluster), so no address is used twice.
 * A container with restart policy {@code no} stays where it is.
 *
 * <p><b>Drain</b> (the host is alive): start first, then stop — a replacement is placed on another host, and the
 * old container is removed only once the replacement is reported running.
 */
@ApplicationScoped
@Transactional
public class FailoverService {

    private static final Logger LOG = Logger.getLogger(FailoverService.class.getName());
    /** A container whose work was last moved longer ago than this starts its back-off afresh. */
    private static final Duration BACKOFF_RESET = Duration.ofMinutes(10);

    @Inject
    PlacementRepository repository;

    @Inject
    ContainerRepository containers;

    @Inject
    SchedulingSettings settings;

    @Inject
    Event<DesiredStateChanged> changes;

    /** Fences movable work on down hosts and queues its replacements; returns how many were queued. */
    public int replaceLostWork() {
        Instant now = Instant.now();
        List<Container> lost = repository.activeOnDownHosts();
        List<Container> toMove = new ArrayList<>();
        for (Container c : lost) {
            boolean movable = c.serviceId() != null || c.spec().movesOnHostLoss();
            if (!movable || c.desiredState() != DesiredContainerState.RUNNING) {
                String why = "its host is down; not moved (" + (movable ? "not running" : "restart policy no") + ")";
                if (!why.equals(c.pendingReason())) {
                    c.unplaced(why);
                }
                continue;
            }
            toMove.add(c);
        }
        if (toMove.isEmpty()) {
            return 0;
        }
        List<Container> replacements = new ArrayList<>();
        for (Container old : toMove) {
            String lostHost = old.hostId();
            old.fence(null);
            if (old.replacedBy() != null && containers.find(old.replacedBy()).map(r -> r.desiredState()
                    != DesiredContainerState.REMOVED).orElse(false)) {
                continue; // a drain had already started its replacement
            }
            Replacements.freeName(old);
            boolean recent = old.createdAt().isAfter(now.minus(BACKOFF_RESET));
            int moves = recent ? old.rescheduleCount() : 0;
            Instant notBefore = now.plus(SchedulingSettings.rescheduleDelay(moves));
            replacements.add(Replacements.replacementOf(old, DesiredContainerState.RUNNING, null, lostHost, moves + 1, notBefore, now));
        }
        repository.flush(); // renames first: the replacements take the freed names
        replacements.forEach(repository::add);
        int n = replacements.size();
        LOG.warning(() -> "moving " + n + " container(s) off lost host(s); their old copies are fenced");
        return n;
    }

    /** Starts replacements for containers on draining hosts where another host fits; returns how many. */
    public int progressDrains() {
        List<Container> draining = repository.unreplacedOnDrainingHosts();
        if (draining.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<HostCandidate> hosts = ClusterView.candidates(repository);
        Scheduler scheduler = new Scheduler(settings.algorithm());
        List<Container> replacements = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (Container old : draining) {
            Placement p = scheduler.placeOne(PlacementRequest.of(old.id(), old.spec(), null, Set.of(old.hostId())), hosts);
            if (!p.placed()) {
                continue; // keeps "host 'x' is draining" and waits for a host
            }
            Replacements.freeName(old);
            Container r = Replacements.replacementOf(old, old.desiredState(), p.hostId(), old.hostId(), old.rescheduleCount(), null, now);
            replacements.add(r);
            touched.add(p.hostId());
            if (old.desiredState() != DesiredContainerState.RUNNING) {
                old.fence(null); // nothing runs: no need to wait for the replacement
                touched.add(old.hostId());
            }
        }
        repository.flush();
        replacements.forEach(repository::add);
        repository.flush();
        touched.forEach(h -> changes.fire(new DesiredStateChanged(h)));
        return replacements.size();
    }

    /** Removes containers whose replacement now runs (start-first); returns how many. */
    public int completeReplacements() {
        int n = 0;
        Set<String> touched = new HashSet<>();
        for (Container r : repository.replacements()) {
            if (!r.observedRunning()) {
                continue;
            }
            Container old = containers.find(r.replacesId()).orElse(null);
            if (old == null || old.desiredState() == DesiredContainerState.REMOVED) {
                continue;
            }
            old.fence(null);
            if (old.hostId() != null) {
                touched.add(old.hostId());
            }
            n++;
        }
        touched.forEach(h -> changes.fire(new DesiredStateChanged(h)));
        return n;
    }
}
