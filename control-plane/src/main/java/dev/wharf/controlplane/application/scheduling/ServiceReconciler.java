package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.application.DesiredStateChanged;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import dev.wharf.controlplane.domain.scheduling.ReplicatedService;
import dev.wharf.controlplane.domain.scheduling.ServiceRepository;
import dev.wharf.controlplane.domain.scheduling.UpdateConfig;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.model.agent.ContainerSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Keeps each service's replicas equal to its definition, on every scheduling tick (level-triggered):
 * <ul>
 * <li>slots 1..N each hold one replica: missing slots get a new (pending) replica, slots above N are removed;</li>
 * <li>during a rolling update, at most {@code parallelism} slots are replaced at a time, the next batch after
 * the previous one runs plus {@code delay}; {@code stop-first} removes the old replica with the new one's
 * creation, {@code start-first} only once the new one is reported running;</li>
 * <li>a new replica that is not running within {@code deadline} fails the update: rollback to the previous spec
 * (itself a rolling update) or pause.</li>
 * </ul>
 */
@ApplicationScoped
@Transactional
public class ServiceReconciler {

    private static final Logger LOG = Logger.getLogger(ServiceReconciler.class.getName());

    @Inject
    ServiceRepository services;

    @Inject
    PlacementRepository placements;

    @Inject
    Event<DesiredStateChanged> changes;

    /** One pass over every service; returns how many containers it created or removed. */
    public int reconcileAll() {
        int changed = 0;
        Instant now = Instant.now();
        Map<String, long[]> stats = services.replicaStats();
        for (ReplicatedService s : services.findAll()) {
            long[] st = stats.getOrDefault(s.id(), new long[] {0, 0, 0});
            // settled: the right number of replicas, all of one version, no rollout: nothing to load
            if (!s.rollingOut() && st[0] == s.replicas() && st[1] == st[2]) {
                continue;
            }
            changed += reconcile(s, now);
        }
        return changed;
    }

    int reconcile(ReplicatedService s, Instant now) {
        List<Container> replicas = services.activeReplicas(s.id());
        Map<Integer, List<Container>> slots = new TreeMap<>();
        for (Container c : replicas) {
            slots.computeIfAbsent(c.serviceSlot() == null ? 0 : c.serviceSlot(), k -> new ArrayList<>()).add(c);
        }
        Set<String> touched = new HashSet<>();
        int changed = 0;
        // scale down: slots above N (and stray ones) go
        for (Map.Entry<Integer, List<Container>> e : slots.entrySet()) {
            if (e.getKey() < 1 || e.getKey() > s.replicas()) {
                for (Container c : e.getValue()) {
                    changed += fence(c, touched);
                }
            }
        }
        // start-first: once a slot's newest replica runs, older versions in that slot go
        for (int slot = 1; slot <= s.replicas(); slot++) {
            List<Container> in = slots.getOrDefault(slot, List.of());
            Container newest = newest(in);
            if (newest != null && newest.observedRunning()) {
                for (Container c : in) {
                    if (c != newest && version(c) < version(newest)) {
                        changed += fence(c, touched);
                    }
                }
            }
        }
        // scale up: empty slots get a replica of the current spec
        Set<Integer> filled = new HashSet<>(slots.keySet());
        changed += addReplicas(s, filled, s.replicas(), placements, now);
        if (s.rollingOut()) {
            changed += rollOut(s, slots, now, touched);
        }
        touched.forEach(h -> changes.fire(new DesiredStateChanged(h)));
        return changed;
    }

    private int rollOut(ReplicatedService s, Map<Integer, List<Container>> slots, Instant now, Set<String> touched) {
        UpdateConfig u = s.update();
        List<Integer> outdated = new ArrayList<>();
        int inFlight = 0;
        for (int slot = 1; slot <= s.replicas(); slot++) {
            List<Container> in = slots.getOrDefault(slot, List.of());
            Container current = in.stream().filter(c -> version(c) == s.specVersion()).findFirst().orElse(null);
            if (current == null) {
                if (!in.isEmpty()) {
                    outdated.add(slot);
                }
            } else if (!current.observedRunning()) {
                inFlight++;
                if (current.createdAt().plus(Duration.ofSeconds(u.deadlineSeconds())).isBefore(now)) {
                    String why = "replica " + current.name() + " did not run within " + u.deadlineSeconds() + " s"
                            + (current.pendingReason() != null ? " (" + current.pendingReason() + ")" : "");
                    LOG.warning(() -> "service " + s.name() + ": update failed: " + why);
                    s.updateFailed(why, now);
                    return 0;
                }
            }
        }
        if (outdated.isEmpty() && inFlight == 0) {
            s.rolloutDone();
            return 0;
        }
        boolean delayOver = s.lastBatchAt() == null
                || !s.lastBatchAt().plus(Duration.ofSeconds(u.delaySeconds())).isAfter(now);
        if (inFlight > 0 || !delayOver || outdated.isEmpty()) {
            return 0;
        }
        int changed = 0;
        List<Container> fresh = new ArrayList<>();
        for (int slot : outdated.subList(0, Math.min(u.parallelism(), outdated.size()))) {
            List<Container> old = slots.get(slot);
            Container replica = replica(s, slot, now);
            if (u.startFirst()) {
                replica.replaces(old.get(0), null, 0, null);
                replica.serviceReplica(s.id(), slot, s.specVersion());
            } else {
                for (Container c : old) {
                    changed += fence(c, touched);
                }
            }
            fresh.add(replica);
        }
        placements.flush();
        fresh.forEach(placements::add);
        s.batchStarted(now);
        return changed + fresh.size();
    }

    /** Adds replicas for the slots 1..n not in {@code filled}; returns how many. */
    static int addReplicas(ReplicatedService s, Set<Integer> filled, int n, PlacementRepository placements, Instant now) {
        int added = 0;
        for (int slot = 1; slot <= n; slot++) {
            if (!filled.contains(slot)) {
                placements.add(replica(s, slot, now));
                added++;
            }
        }
        return added;
    }

    private static Container replica(ReplicatedService s, int slot, Instant now) {
        String id = Secrets.newHexId();
        Map<String, String> labels = new HashMap<>(s.spec().labels());
        labels.put("dev.wharf.service", s.name());
        // no per-slot label: all replicas of one version share one spec, parsed once (see ContainerSpecConverter)
        ContainerSpec spec = s.spec().withLabels(labels).withGroup(s.name(), s.spec().maxPerHost());
        Container c = Replacements.newContainer(id, Replacements.replicaName(s.name(), slot, id), spec, null,
                s.createdBy(), now);
        c.desire(DesiredContainerState.RUNNING);
        c.serviceReplica(s.id(), slot, s.specVersion());
        return c;
    }

    private static Container newest(List<Container> in) {
        Container best = null;
        for (Container c : in) {
            if (best == null || version(c) > version(best)) {
                best = c;
            }
        }
        return best;
    }

    private static long version(Container c) {
        return c.serviceVersion() == null ? 0 : c.serviceVersion();
    }

    private static int fence(Container c, Set<String> touched) {
        c.fence(null);
        if (c.hostId() != null) {
            touched.add(c.hostId());
        }
        return 1;
    }
}
