package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.ContainerSummaries;
import dev.wharf.controlplane.domain.container.ContainerSummary;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Containers as users see them: creating one records its spec, picks a host and sets the desired state;
 * the host's daemon picks the change up on its next heartbeat and makes it so.
 */
@ApplicationScoped
@Transactional
@dev.wharf.controlplane.application.scheduling.RetryOnConflict
public class ContainerService {

    /** Docker's container name rule. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final int MAX_PAGE = 500;

    @Inject
    ContainerRepository containers;

    @Inject
    HostRepository hosts;

    @Inject
    ContainerSummaries summaries;

    @Inject
    Event<DesiredStateChanged> changes;

    @Inject
    Event<dev.wharf.controlplane.application.scheduling.PlacementNeeded> placementNeeded;

    /** Tells the container's host; a pending container has none yet. */
    private void fireChange(Container container) {
        if (container.hostId() != null) {
            changes.fire(new DesiredStateChanged(container.hostId()));
        }
    }

    /** The result of a create: the container, and whether this call made it or an earlier one with the same key. */
    public record Created(Container container, boolean isNew) {
    }

    /**
     * Creates a container. With an idempotency key, a repeated call by the same user returns the container
     * the first call created instead of making another.
     */
    public Created create(CreateContainer request, String idempotencyKey, Caller caller) {
        if (idempotencyKey != null) {
            new Validation().require(!idempotencyKey.isBlank() && idempotencyKey.length() <= 255,
                    "Idempotency-Key", "must be 1 to 255 characters").check();
            var earlier = containers.findByIdempotencyKey(caller.username(), idempotencyKey);
            if (earlier.isPresent()) {
                return new Created(earlier.get(), false);
            }
        }
        Container container = create(request, caller);
        if (idempotencyKey != null) {
            container.idempotencyKey(idempotencyKey);
            containers.store(container);
        }
        return new Created(container, true);
    }

    public Container create(CreateContainer request, Caller caller) {
        if (request == null) {
            throw InvalidInputException.of("body", "a container spec is required");
        }
        Validation validation = new Validation()
                .notBlank(request.image(), "image")
                .maxLength(request.image(), 512, "image")
                .require(request.image() == null || request.image().isBlank() || imageProblem(request.image()) == null,
                        "image", request.image() == null ? "" : String.valueOf(imageProblem(request.image())))
                .require(request.name() == null || (request.name().length() <= 128 && NAME.matcher(request.name()).matches()),
                        "name", "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* and be at most 128 characters");
        for (int i = 0; i < request.env().size(); i++) {
            String entry = request.env().get(i);
            validation.require(entry != null && entry.indexOf('=') > 0, "env[" + i + "]", "must be NAME=value");
        }
        for (int i = 0; i < request.command().size(); i++) {
            validation.require(request.command().get(i) != null, "command[" + i + "]", "must not be null");
        }
        ContainerSpec spec = new ContainerSpec(request.image(), request.command(), request.env(), request.labels(),
                request.cpus(), request.memoryBytes(), request.ports(), request.constraints(), request.group(),
                request.maxPerHost(), request.restartPolicy(), request.network(), request.volumes());
        dev.wharf.controlplane.application.scheduling.SpecRules.check(spec, "", validation);
        validation.check();
        dev.wharf.controlplane.application.scheduling.SpecRules.checkBindMounts(spec, "", caller);

        String name = request.name() != null ? request.name() : null;
        String id = Secrets.newHexId();
        if (name == null) {
            name = "wharf-" + id.substring(0, 12);
        } else if (containers.findByName(name).isPresent()) {
            throw new ConflictException("a container named '" + name + "' already exists");
        }
        // a named host is checked now (409 if it cannot take containers); otherwise the scheduler places it
        Host host = request.host() == null ? null : place(request.host());
        Container container = new Container(id, name, spec, host == null ? null : host.id(), caller.username(), Instant.now());
        container.hostPorts(String.join(",", dev.wharf.controlplane.domain.scheduling.PlacementRequest.portKeys(spec)));
        if (host == null) {
            container.unplaced("waiting for the scheduler");
        }
        containers.store(container);
        fireChange(container);
        placementNeeded.fire(new dev.wharf.controlplane.application.scheduling.PlacementNeeded("container created"));
        return container;
    }

    /** A page for lists (the REST API's {@code GET /containers}): read by plain JDBC, see {@link ContainerSummaries}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ContainerSummary> listSummaries(String state, String host, int offset, int limit) {
        new Validation()
                .require(offset >= 0, "offset", "must not be negative")
                .require(limit >= 1 && limit <= MAX_PAGE, "limit", "must be between 1 and " + MAX_PAGE)
                .check();
        DesiredContainerState wanted = state == null ? null : parseState(state);
        String hostId = host == null ? null : hosts.find(host).or(() -> hosts.findByName(host))
                .map(Host::id).orElseThrow(() -> new NotFoundException("host", host));
        return summaries.page(wanted, hostId, offset, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Container> list(String state, String host, int offset, int limit) {
        new Validation()
                .require(offset >= 0, "offset", "must not be negative")
                .require(limit >= 1 && limit <= MAX_PAGE, "limit", "must be between 1 and " + MAX_PAGE)
                .check();
        DesiredContainerState wanted = null;
        if (state != null) {
            wanted = parseState(state);
        }
        String hostId = host == null ? null : hosts.find(host).or(() -> hosts.findByName(host))
                .map(Host::id).orElseThrow(() -> new NotFoundException("host", host));
        return containers.findPage(wanted, hostId, offset, limit);
    }

    /** By id, unique id prefix is not supported yet, or by name. */
    public Container get(String idOrName) {
        return containers.find(idOrName).or(() -> containers.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("container", idOrName));
    }

    /**
     * Asks for the container to run. One that is wanted running but ran and stopped (a finished job, or one whose
     * restart policy gave up) is started again with a new generation, as {@code docker start} would.
     */
    public Container start(String idOrName) {
        Container container = get(idOrName);
        if (container.desiredState() == DesiredContainerState.RUNNING && container.observedState() != null
                && !"running".equals(container.observedState())) {
            return restart(idOrName);
        }
        return desire(idOrName, DesiredContainerState.RUNNING);
    }

    public Container stop(String idOrName) {
        return desire(idOrName, DesiredContainerState.STOPPED);
    }

    /** Asks the host to start the container afresh (a new generation), whatever state it is in. */
    public Container restart(String idOrName) {
        Container container = get(idOrName);
        if (container.desiredState() == DesiredContainerState.REMOVED) {
            throw new ConflictException("container '" + container.name() + "' is being removed");
        }
        container.restart();
        containers.store(container);
        fireChange(container);
        return container;
    }

    /** Asks the host to remove the container; the record goes once the daemon no longer reports it. */
    public Container remove(String idOrName) {
        return desire(idOrName, DesiredContainerState.REMOVED);
    }

    private Container desire(String idOrName, DesiredContainerState state) {
        Container container = get(idOrName);
        if (container.desiredState() == DesiredContainerState.REMOVED) {
            throw new ConflictException("container '" + container.name() + "' is being removed");
        }
        if (container.desire(state)) {
            if (state == DesiredContainerState.REMOVED && container.hostId() == null) {
                containers.remove(container); // never placed: no host has anything to remove
                return container;
            }
            containers.store(container);
            fireChange(container);
        }
        return container;
    }

    /** The named host if it is ready, else the ready host with the fewest containers. */
    private Host place(String requested) {
        if (requested != null) {
            Host host = hosts.find(requested).or(() -> hosts.findByName(requested))
                    .orElseThrow(() -> InvalidInputException.of("host", "no host '" + requested + "'"));
            if (host.state() != HostState.READY) {
                throw new ConflictException("host '" + host.name() + "' is " + host.state().apiName());
            }
            if (host.cordoned()) {
                throw new ConflictException("host '" + host.name() + "' is cordoned");
            }
            return host;
        }
        Map<String, Long> load = containers.countActiveByHost();
        return hosts.findAll().stream()
                .filter(Host::acceptsContainers)
                .min(Comparator.<Host>comparingLong(h -> load.getOrDefault(h.id(), 0L)).thenComparing(Host::name))
                .orElseThrow(() -> new ConflictException("no ready, uncordoned host to place the container on"));
    }

    private static DesiredContainerState parseState(String state) {
        for (DesiredContainerState s : DesiredContainerState.values()) {
            if (s.apiName().equals(state)) {
                return s;
            }
        }
        throw InvalidInputException.of("state", "must be one of created, running, stopped, removed");
    }

    /** Why the reference is not one Docker accepts, or null if it is fine. */
    static String imageProblem(String image) {
        try {
            ImageReference.parse(image);
            return null;
        } catch (InvalidReferenceException e) {
            return e.getMessage();
        }
    }
}
