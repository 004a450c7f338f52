package dev.wharf.controlplane.domain.scheduling;

import dev.wharf.controlplane.domain.container.Container;
import java.util.List;
import java.util.Optional;

/** Where replicated services are kept. */
public interface ServiceRepository {

    List<ReplicatedService> findAll();

    Optional<ReplicatedService> find(String id);

    Optional<ReplicatedService> findByName(String name);

    /** The service's containers that are not marked removed. */
    List<Container> activeReplicas(String serviceId);

    /** Per service id: {active replica count, lowest spec version, highest spec version} in one query. */
    java.util.Map<String, long[]> replicaStats();

    void store(ReplicatedService service);

    void remove(ReplicatedService service);
}
