package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.container.ContainerRepository;
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
public class HostService {

    @Inject
    HostRepository hosts;

    @Inject
    ContainerRepository containers;

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
        Host host = hosts.find(idOrName).or(() -> hosts.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("host", idOrName));
        return new HostSummary(host, containers.countActiveByHost().getOrDefault(host.id(), 0L),
                host.imageIds().size());
    }
}
