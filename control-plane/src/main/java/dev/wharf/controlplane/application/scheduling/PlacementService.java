package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.application.DesiredStateChanged;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.scheduling.HostCandidate;
import dev.wharf.controlplane.domain.scheduling.Placement;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import dev.wharf.controlplane.domain.scheduling.PlacementRequest;
import dev.wharf.controlplane.domain.scheduling.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Places pending containers: one pass reads every host's load once, places a batch of containers with in-memory
 * accounting, and writes the decisions in one transaction; each affected host's daemon is told once. A container
 * that fits nowhere keeps waiting with the scheduler's reason and is tried again on the next pass (hosts that
 * join, come back, are uncordoned or free capacity are seen then).
 */
@ApplicationScoped
@Transactional
public class PlacementService {

    private static final Logger LOG = Logger.getLogger(PlacementService.class.getName());

    @Inject
    PlacementRepository repository;

    @Inject
    SchedulingSettings settings;

    @Inject
    Event<DesiredStateChanged> changes;

    /** What one pass did. */
    public record PassResult(int considered, int placed) {
    }

    /** Places up to {@code limit} pending containers, oldest first, after skipping {@code skip} of them. */
    public PassResult placePending(int skip, int limit) {
        Instant now = Instant.now();
        List<Container> pending = repository.pending(now, skip, limit);
        if (pending.isEmpty()) {
            return new PassResult(0, 0);
        }
        Set<String> groups = new HashSet<>();
        Set<String> images = new HashSet<>();
        for (Container c : pending) {
            if (c.groupName() != null) {
                groups.add(c.groupName());
            }
            images.add(c.image());
        }
        List<HostCandidate> hosts = ClusterView.candidates(repository, groups, images);
        Scheduler scheduler = new Scheduler(settings.algorithm());
        Map<String, List<String>> byHost = new HashMap<>();
        int placed = 0;
        for (Container c : pending) {
            Set<String> avoid = c.avoidHostId() == null ? Set.of() : Set.of(c.avoidHostId());
            Placement p;
            try {
                p = scheduler.placeOne(PlacementRequest.of(c.id(), c.spec(), null, avoid), hosts);
            } catch (IllegalArgumentException e) {
                p = new Placement(c.id(), null, "invalid spec: " + e.getMessage());
            }
            if (p.placed()) {
                byHost.computeIfAbsent(p.hostId(), h -> new ArrayList<>()).add(c.id());
            } else if (!p.reason().equals(c.pendingReason())) {
                c.unplaced(p.reason());
            }
        }
        repository.flushAndClear(); // the batch's entities need no dirty check per bulk statement below
        // one statement per host instead of a full-row update per container
        for (Map.Entry<String, List<String>> e : byHost.entrySet()) {
            placed += repository.placeAll(e.getKey(), e.getValue());
        }
        Set<String> touched = byHost.keySet();
        touched.forEach(h -> changes.fire(new DesiredStateChanged(h)));
        int done = placed;
        if (placed > 0) {
            LOG.fine(() -> "placed " + done + " of " + pending.size() + " pending containers on " + touched.size() + " hosts");
        }
        return new PassResult(pending.size(), placed);
    }
}
