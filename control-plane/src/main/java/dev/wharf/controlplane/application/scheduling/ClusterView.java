package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.scheduling.HostCandidate;
import dev.wharf.controlplane.domain.scheduling.HostLoad;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the scheduler's picture of every host (capacity, load, ports, groups, images) from a few queries. */
final class ClusterView {

    private ClusterView() {
    }

    static List<HostCandidate> candidates(PlacementRepository repo) {
        return candidates(repo, null, null);
    }

    /** Group counts and image locality only for these groups and images (null: all): cheaper for a batch. */
    static List<HostCandidate> candidates(PlacementRepository repo, Set<String> groupsOfInterest, Set<String> imagesOfInterest) {
        List<Host> hosts = repo.hostsWithLabels();
        Map<String, HostLoad> loads = new HashMap<>();
        repo.loads().forEach(l -> loads.put(l.hostId(), l));
        Map<String, Map<String, Integer>> groups = repo.groupCounts(groupsOfInterest);
        Map<String, Set<String>> ports = repo.hostPorts();
        Map<String, Set<String>> images = repo.imagesByHost(imagesOfInterest);
        List<HostCandidate> out = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            String why = h.state() != HostState.READY ? h.state().apiName() : h.draining() ? "draining"
                    : h.cordoned() ? "cordoned" : null;
            HostCandidate c = new HostCandidate(h.id(), h.name(), h.address(), h.labels(), why == null, why,
                    h.cpus(), h.memoryBytes(), images.getOrDefault(h.id(), Set.of()));
            HostLoad load = loads.get(h.id());
            c.seed(load == null ? 0 : load.cpus(), load == null ? 0 : load.memory(), load == null ? 0 : load.containers(),
                    ports.get(h.id()), groups.get(h.id()));
            out.add(c);
        }
        return out;
    }
}
