package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Images as the hosts report them in their heartbeats: which host holds which image id. */
@ApplicationScoped
@Transactional
public class ImageService {

    @Inject
    HostRepository hosts;

    /** One image id and the hosts that hold it. */
    public record ImageLocation(String id, List<String> hostIds, List<String> hostNames) {
    }

    public List<ImageLocation> listAcrossHosts() {
        Map<String, ImageLocation> byId = new TreeMap<>();
        for (Host host : hosts.findAll()) {
            for (String image : host.imageIds()) {
                ImageLocation location = byId.computeIfAbsent(image,
                        id -> new ImageLocation(id, new ArrayList<>(), new ArrayList<>()));
                location.hostIds().add(host.id());
                location.hostNames().add(host.name());
            }
        }
        return byId.values().stream()
                .map(l -> new ImageLocation(l.id(), List.copyOf(l.hostIds()), List.copyOf(l.hostNames())))
                .toList();
    }
}
