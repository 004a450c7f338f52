package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.application.DesiredStateChanged;
import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import dev.wharf.controlplane.domain.scheduling.ReplicatedService;
import dev.wharf.controlplane.domain.scheduling.ServiceRepository;
import dev.wharf.controlplane.domain.scheduling.UpdateConfig;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replicated services for users: create, scale, update (rolling, with rollback), list, get, delete. The replicas
 * themselves are created, replaced and removed by {@link ServiceReconciler} on the scheduling loop; creating a
 * service writes its replicas at once (pending, placed by the next pass) so a large service costs one
 * transaction.
 */
@ApplicationScoped
@Transactional
public class ServiceService {

    public static final int MAX_REPLICAS = 100_000;

    @Inject
    ServiceRepository services;

    @Inject
    PlacementRepository placements;

    @Inject
    Event<DesiredStateChanged> changes;

    /** A service with its replicas as they are now. */
    public record ServiceStatus(ReplicatedService service, List<Container> replicas) {
        public long running() {
            return replicas.stream().filter(Container::observedRunning).count();
        }
    }

    public ReplicatedService create(String name, Integer replicas, ContainerSpec spec, UpdateConfig update, Caller caller) {
        Validation v = new Validation()
                .notBlank(name, "name")
                .require(name == null || name.matches("[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}"), "name",
                        "must match [a-zA-Z0-9][a-zA-Z0-9_-]* and be at most 63 characters");
        v.require(replicas == null || (replicas >= 0 && replicas <= MAX_REPLICAS), "replicas", "must be 0.." + MAX_REPLICAS);
        checkSpec(spec, v);
        checkUpdate(update, v);
        v.check();
        SpecRules.checkBindMounts(spec, "spec.", caller);
        if (services.findByName(name).isPresent()) {
            throw new ConflictException("a service named '" + name + "' already exists",
                    List.of(new FieldError("name", "is taken")));
        }
        Instant now = Instant.now();
        ReplicatedService service = new ReplicatedService(Secrets.newHexId(), name, spec, replicas == null ? 1 : replicas,
                update == null ? UpdateConfig.DEFAULT : update, caller.username(), now);
        services.store(service);
        ServiceReconciler.addReplicas(service, Set.of(), service.replicas(), placements, now);
        return service;
    }

    public List<ServiceStatus> list() {
        return services.findAll().stream().map(s -> new ServiceStatus(s, services.activeReplicas(s.id()))).toList();
    }

    public ServiceStatus get(String idOrName) {
        ReplicatedService s = find(idOrName);
        return new ServiceStatus(s, services.activeReplicas(s.id()));
    }

    /** Sets the number of replicas; the scheduling loop adds or removes them. */
    public ServiceStatus scale(String idOrName, Integer replicas) {
        new Validation().require(replicas != null && replicas >= 0 && replicas <= MAX_REPLICAS, "replicas",
                "must be 0.." + MAX_REPLICAS).check();
        ReplicatedService s = find(idOrName);
        s.scale(replicas);
        return new ServiceStatus(s, services.activeReplicas(s.id()));
    }

    /** A new spec (and optionally update settings): starts a rolling update. */
    public ServiceStatus update(String idOrName, ContainerSpec spec, UpdateConfig update, Integer replicas, Caller caller) {
        Validation v = new Validation();
        checkSpec(spec, v);
        checkUpdate(update, v);
        v.require(replicas == null || (replicas >= 0 && replicas <= MAX_REPLICAS), "replicas", "must be 0.." + MAX_REPLICAS);
        v.check();
        SpecRules.checkBindMounts(spec, "spec.", caller);
        ReplicatedService s = find(idOrName);
        s.update(spec, update, Instant.now());
        if (replicas != null) {
            s.scale(replicas);
        }
        return new ServiceStatus(s, services.activeReplicas(s.id()));
    }

    /** Removes the service and asks the hosts to remove its replicas. */
    public void remove(String idOrName) {
        ReplicatedService s = find(idOrName);
        Set<String> touched = new HashSet<>();
        for (Container c : services.activeReplicas(s.id())) {
            c.fence(null);
            if (c.hostId() != null) {
                touched.add(c.hostId());
            }
        }
        services.remove(s);
        touched.forEach(h -> changes.fire(new DesiredStateChanged(h)));
    }

    private ReplicatedService find(String idOrName) {
        return services.find(idOrName).or(() -> services.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("service", idOrName));
    }

    private static void checkSpec(ContainerSpec spec, Validation v) {
        if (spec == null) {
            v.require(false, "spec", "is required");
            return;
        }
        v.notBlank(spec.image(), "spec.image");
        if (spec.image() != null && !spec.image().isBlank()) {
            try {
                ImageReference.parse(spec.image());
            } catch (InvalidReferenceException e) {
                v.require(false, "spec.image", e.getMessage());
            }
        }
        v.require(spec.group() == null, "spec.group", "is set by the service (its name)");
        SpecRules.check(spec.withGroup(null, null), "spec.", v);
        v.require(spec.maxPerHost() == null || spec.maxPerHost() >= 1, "spec.maxPerHost", "must be at least 1");
    }

    private static void checkUpdate(UpdateConfig update, Validation v) {
        String problem = update == null ? null : update.problem();
        v.require(problem == null, "update", String.valueOf(problem));
    }
}
