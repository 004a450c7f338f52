package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.tunnel.HostTunnels;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Reading hosts for users. Hosts are created and updated by their daemons through {@link AgentService}. */
@ApplicationScoped
@Transactional
@dev.wharf.controlplane.application.scheduling.RetryOnConflict // as ContainerService: two users' edits of a host
public class HostService {

    @Inject
    HostRepository hosts;

    @Inject
    ContainerRepository containers;

    @Inject
    HostTunnels tunnels;

    /** A host with the number of containers placed on it and of images it holds. */
    public record HostSummary(Host host, long containerCount, int imageCount) {
    }

    public List<HostSummary> list() {
        Map<String, Long> counts = containers.countActiveByHost();
        return hosts.findAll().stream()
                .map(h -> new HostSummary(h, counts.getOrDefault(h.id(), 0L), h.imageIds().size()))
                .toList();
    }

    /** By id or by name. */
    public HostSummary get(String idOrName) {
        return summary(find(idOrName));
    }

    /** Whether the host's Docker API tunnel is connected (logs, exec and pulls need it). */
    public boolean isConnected(Host host) {
        return tunnels.isConnected(host.id());
    }

    /** Replaces the host's labels. Keys follow Docker's label rules loosely: no blanks, at most 255 characters. */
    public HostSummary label(String idOrName, Map<String, String> labels) {
        if (labels == null) {
            throw InvalidInputException.of("body", "a JSON object of labels is required");
        }
        Validation v = new Validation().require(labels.size() <= 64, "labels", "at most 64 labels");
        labels.forEach((k, val) -> v
                .require(k != null && k.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,254}"), "labels." + k,
                        "a label name must start with a letter or digit and hold only letters, digits and . _ / -")
                .require(val != null && val.length() <= 1024, "labels." + k, "a value must be at most 1024 characters"));
        v.check();
        Host host = find(idOrName);
        host.labels(labels);
        hosts.store(host);
        return summary(host);
    }

    /** No new containers are placed on the host; what runs there stays. */
    public HostSummary cordon(String idOrName) {
        Host host = find(idOrName);
        host.cordon();
        hosts.store(host);
        return summary(host);
    }

    public HostSummary uncordon(String idOrName) {
        Host host = find(idOrName);
        host.uncordon();
        hosts.store(host);
        containers.findByHost(host.id()).forEach(c -> c.pendingReplacement(null));
        return summary(host);
    }

    /**
     * Cordons the host and marks each of its containers as waiting to be placed on another ready host. The
     * scheduler (multi-host issue) moves them; until then they keep running here.
     */
    public HostSummary drain(String idOrName) {
        Host host = find(idOrName);
        host.drain();
        hosts.store(host);
        for (Container c : containers.findByHost(host.id())) {
            if (c.desiredState() != DesiredContainerState.REMOVED) {
                c.pendingReplacement("host '" + host.name() + "' is draining");
                containers.store(c);
            }
        }
        return summary(host);
    }

    /**
     * Forgets a host: its credential stops working and its tunnel closes. Refused while containers are placed
     * on it (drain it and remove them first).
     */
    public void remove(String idOrName) {
        Host host = find(idOrName);
        List<Container> placed = containers.findByHost(host.id());
        long active = placed.stream().filter(c -> c.desiredState() != DesiredContainerState.REMOVED).count();
        if (active > 0) {
            throw new ConflictException("host '" + host.name() + "' still has " + active
                    + " container(s); drain it and remove them first");
        }
        placed.forEach(containers::remove);
        hosts.remove(host);
        tunnels.disconnect(host.id(), "host removed");
    }

    private Host find(String idOrName) {
        return hosts.find(idOrName).or(() -> hosts.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("host", idOrName));
    }

    private HostSummary summary(Host host) {
        return new HostSummary(host, containers.countActiveByHost().getOrDefault(host.id(), 0L),
                host.imageIds().size());
    }
}
